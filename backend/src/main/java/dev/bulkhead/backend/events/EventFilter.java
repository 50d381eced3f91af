package dev.bulkhead.backend.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.function.Predicate;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.events.Event;

/**
 * What a reader asked for in {@code GET /api/v1/events}.
 *
 * @param since events after this instant
 * @param until events up to this instant
 * @param type {@code container}, {@code image}, {@code network} or {@code volume}
 * @param action e.g. {@code die}; {@code health_status} matches every health change
 * @param container a container id (full or unique prefix) or name
 * @param limit how many of the newest matching events
 */
record EventFilter(Instant since, Instant until, String type, String action, String container, int limit) {

	static final int DEFAULT_LIMIT = 100;

	static final int MAX_LIMIT = 1000;

	static final Set<String> TYPES = Set.of(Event.CONTAINER, Event.IMAGE, Event.NETWORK, Event.VOLUME);

	EventFilter {
		if (type != null && !type.isBlank() && !TYPES.contains(type)) {
			throw new InvalidArgumentException(
					"type '" + type + "' is unknown; use container, image, network or volume");
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidArgumentException("limit must be between 1 and " + MAX_LIMIT);
		}
		if (since != null && until != null && until.isBefore(since)) {
			throw new InvalidArgumentException("until (" + until + ") is before since (" + since + ")");
		}
	}

	/**
	 * An instant as RFC 3339 ({@code 2026-01-01T10:00:00Z}) or Unix seconds with an
	 * optional fraction (as docker's {@code --since} takes it).
	 */
	static Instant instant(String value, String name) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip();
		try {
			if (text.matches("\\d+(\\.\\d{1,9})?")) {
				String[] parts = text.split("\\.");
				long nanos = (parts.length > 1) ? Long.parseLong((parts[1] + "000000000").substring(0, 9)) : 0;
				return Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos);
			}
			return Instant.parse(text);
		}
		catch (DateTimeParseException | NumberFormatException ex) {
			throw new InvalidArgumentException(name + " '" + value
					+ "' is not a time: give RFC 3339 (2026-01-01T10:00:00Z) or Unix seconds (1767261600.5)");
		}
	}

	/** The type and action part of the filter. */
	Predicate<Event> kind() {
		return (event) -> (this.type == null || this.type.isBlank() || this.type.equals(event.type()))
				&& (this.action == null || this.action.isBlank() || event.action().equals(this.action)
						|| event.action().startsWith(this.action + ":"));
	}

}
