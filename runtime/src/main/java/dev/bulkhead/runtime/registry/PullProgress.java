package dev.bulkhead.runtime.registry;

/**
 * Where the download of one blob of a pull stands.
 *
 * @param digest the blob's digest
 * @param kind {@code config} or {@code layer}
 * @param bytesDone bytes received and written so far
 * @param total the blob's size as the manifest gives it
 * @param state where it stands
 */
public record PullProgress(String digest, String kind, long bytesDone, long total, State state) {

	public enum State {

		/** Queued behind other downloads. */
		WAITING,
		/** Bytes are arriving. */
		DOWNLOADING,
		/** Already in the content store; nothing is downloaded. */
		EXISTS,
		/** Downloaded, verified and committed. */
		DONE

	}

	/**
	 * Receives progress from the download threads; implementations must be thread-safe.
	 */
	@FunctionalInterface
	public interface Listener {

		void onProgress(PullProgress progress);

		static Listener ignore() {
			return (progress) -> {
			};
		}

	}

}
