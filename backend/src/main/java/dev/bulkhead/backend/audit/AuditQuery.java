package dev.bulkhead.backend.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * A filter over the audit trail; {@code null} fields match everything.
 *
 * @param actor exactly this username
 * @param action actions containing this text
 * @param since at or after this time
 * @param limit at most this many of the most recent matches
 * @param outcome only events that ended this way
 * @param until before this time
 */
record AuditQuery(String actor, String action, Instant since, int limit, Outcome outcome, Instant until) {

	static final int MAX_LIMIT = 100_000;

	AuditQuery {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
		}
		actor = blankToNull(actor);
		action = blankToNull(action);
	}

	AuditQuery(String actor, String action, Instant since, int limit) {
		this(actor, action, since, limit, null, null);
	}

	/** Parses the filters as the API and the dashboard receive them. */
	static AuditQuery of(String actor, String action, String outcome, String since, String until, int limit) {
		return new AuditQuery(actor, action, time("since", since), limit, outcome(outcome), time("until", until));
	}

	private static Outcome outcome(String outcome) {
		if (outcome == null || outcome.isBlank()) {
			return null;
		}
		try {
			return Outcome.ofWireName(outcome.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidArgumentException(
					"outcome must be one of success, denied, failed, not '" + outcome.toLowerCase(Locale.ROOT) + "'");
		}
	}

	/**
	 * An RFC 3339 time, or a date and time as a browser's datetime-local field sends it
	 * (UTC).
	 */
	private static Instant time(String name, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip();
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			try {
				return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
			}
			catch (DateTimeParseException ex2) {
				throw new InvalidArgumentException(
						name + " must be an RFC 3339 time such as 2026-01-02T15:04:05Z, not '" + value + "'");
			}
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
