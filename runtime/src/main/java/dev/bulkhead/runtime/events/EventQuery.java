package dev.bulkhead.runtime.events;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * Which events a reader wants.
 *
 * @param since only events after this instant (null: from the oldest kept)
 * @param until only events up to this instant (null: up to now)
 * @param filter what else an event must satisfy (type, action, actor)
 * @param limit at most this many, the newest of those that match
 */
public record EventQuery(Instant since, Instant until, Predicate<Event> filter, int limit) {

	public EventQuery {
		filter = (filter != null) ? filter : (event) -> true;
		if (limit <= 0) {
			throw new IllegalArgumentException("limit must be positive");
		}
	}

	public static EventQuery newest(int limit) {
		return new EventQuery(null, null, null, limit);
	}

	boolean matches(Event event) {
		return (this.since == null || event.time().isAfter(this.since))
				&& (this.until == null || !event.time().isAfter(this.until)) && this.filter.test(event);
	}

}
