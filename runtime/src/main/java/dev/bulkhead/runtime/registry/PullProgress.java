package dev.bulkhead.runtime.registry;

/**
 * Where the transfer of one blob of a pull or a push stands.
 *
 * @param digest the blob's digest
 * @param kind {@code config} or {@code layer}
 * @param bytesDone bytes received and written (or sent) so far
 * @param total the blob's size as the manifest gives it
 * @param state where it stands
 */
public record PullProgress(String digest, String kind, long bytesDone, long total, State state) {

	public enum State {

		/** Queued behind other downloads. */
		WAITING,
		/** Bytes are arriving. */
		DOWNLOADING,
		/**
		 * Already in the content store (a pull) or in the target repository (a push);
		 * nothing is transferred.
		 */
		EXISTS,
		/** Downloaded, verified and committed; or, for a push, uploaded. */
		DONE,
		/** Bytes are being sent to the registry (a push). */
		UPLOADING,
		/** Mounted from another repository of the same registry; nothing is sent. */
		MOUNTED

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
