package dev.bulkhead.runtime.registry;

import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Stops a running pull. {@link #cancel()} marks the pull cancelled, closes the registry
 * streams its downloads read and interrupts their threads, so that a blocked read ends at
 * once; the puller then aborts the ingestions, removes the blobs it committed and throws
 * a {@link java.util.concurrent.CancellationException}. Thread-safe.
 */
public final class PullCancellation {

	private final Map<Thread, Closeable> active = new HashMap<>();

	private boolean cancelled;

	/** Cancels the pull; a second call does nothing. */
	public void cancel() {
		synchronized (this) {
			if (this.cancelled) {
				return;
			}
			this.cancelled = true;
			this.active.forEach((thread, stream) -> {
				closeQuietly(stream);
				thread.interrupt();
			});
		}
	}

	public synchronized boolean isCancelled() {
		return this.cancelled;
	}

	/**
	 * Records that the current thread reads {@code stream}; closes it at once when the
	 * pull is already cancelled.
	 */
	synchronized void enter(Closeable stream) {
		if (this.cancelled) {
			closeQuietly(stream);
			return;
		}
		this.active.put(Thread.currentThread(), stream);
	}

	/**
	 * The current thread is done with its stream; clears an interrupt that
	 * {@link #cancel()} sent so that the pooled thread starts its next task clean.
	 */
	synchronized void leave() {
		this.active.remove(Thread.currentThread());
		if (this.cancelled) {
			Thread.interrupted();
		}
	}

	private static void closeQuietly(Closeable stream) {
		try {
			stream.close();
		}
		catch (IOException | RuntimeException ex) {
			// The download fails on its own; the close only wakes it.
		}
	}

}
