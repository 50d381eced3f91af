package dev.bulkhead.runtime.events;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reader following new events through a bounded queue. The journal only ever offers to
 * it, so a reader that falls behind loses events instead of holding up the container it
 * is about; {@link #missed()} says how many, and the reader can read them back from the
 * journal's history.
 */
public final class EventSubscription implements AutoCloseable {

	private final BlockingQueue<Event> queue;

	private final AtomicLong missed = new AtomicLong();

	private final EventJournal journal;

	EventSubscription(EventJournal journal, int capacity) {
		this.journal = journal;
		this.queue = new ArrayBlockingQueue<>(capacity);
	}

	void offer(Event event) {
		if (!this.queue.offer(event)) {
			this.missed.incrementAndGet();
		}
	}

	/** The next event, or null when none came within the timeout. */
	public Event poll(Duration timeout) throws InterruptedException {
		return this.queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Events dropped because the queue was full, since the last call (which resets it).
	 */
	public long missed() {
		return this.missed.getAndSet(0);
	}

	@Override
	public void close() {
		this.journal.unsubscribe(this);
	}

}
