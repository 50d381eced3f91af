package dev.bulkhead.backend.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletResponse;

import dev.bulkhead.backend.web.ServerSentEvents;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.events.Event;
import dev.bulkhead.runtime.events.EventSubscription;

/**
 * Writes events to a {@code text/event-stream} on the request's thread: first those kept
 * since an instant, then new ones as they happen, until the client leaves, {@code until}
 * passes or the server stops. The subscription is made before the history is read, so
 * nothing falls between the two; a follower that falls behind reads what it missed back
 * from the journal. Which events the caller may see is decided again every second, so a
 * container the caller's team creates meanwhile shows up, and a lost role takes effect.
 */
final class EventFollower {

	static final Duration TICK = Duration.ofSeconds(1);

	private final EventService service;

	private final Function<Event, String> format;

	private final String eventName;

	/**
	 * @param format the data of one event on the wire
	 * @param eventName the SSE event name every event is sent with
	 */
	EventFollower(EventService service, Function<Event, String> format, String eventName) {
		this.service = service;
		this.format = format;
		this.eventName = eventName;
	}

	void follow(HttpServletResponse response, EventFilter filter) {
		Predicate<Event> matcher = this.service.matcher(filter);
		try (EventSubscription subscription = this.service.subscribe()) {
			ServerSentEvents stream = new ServerSentEvents(response);
			if (!stream.open(TICK)) {
				return;
			}
			Instant last = (filter.since() != null) ? filter.since() : Instant.now();
			if (filter.since() != null) {
				List<Event> history = this.service.list(filter);
				for (Event event : history) {
					if (!send(stream, event)) {
						return;
					}
					last = event.time();
				}
			}
			Instant checked = Instant.now();
			while (!Thread.currentThread().isInterrupted()) {
				if (filter.until() != null && Instant.now().isAfter(filter.until())) {
					return;
				}
				Event event = subscription.poll(TICK);
				if (Duration.between(checked, Instant.now()).compareTo(TICK) >= 0) {
					try {
						matcher = this.service.matcher(filter);
					}
					catch (NotFoundException ex) {
						// the container followed was removed (or is no longer visible)
						stream.send("end", "gone");
						return;
					}
					checked = Instant.now();
				}
				if (subscription.missed() > 0) {
					// fell behind: what was dropped is still in the journal
					for (Event missed : this.service.after(last, matcher)) {
						if (!send(stream, missed)) {
							return;
						}
						last = missed.time();
					}
					continue;
				}
				if (event == null) {
					if (!stream.keepAlive()) {
						return;
					}
					continue;
				}
				if (event.time().isAfter(last) && matcher.test(event)
						&& (filter.until() == null || !event.time().isAfter(filter.until()))) {
					if (!send(stream, event)) {
						return;
					}
					last = event.time();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean send(ServerSentEvents stream, Event event) {
		return stream.send(this.eventName, this.format.apply(event), event.time().toString());
	}

}
