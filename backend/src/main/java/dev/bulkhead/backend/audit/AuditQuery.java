package dev.bulkhead.backend.audit;

import java.time.Instant;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * A filter over the audit trail; {@code null} fields match everything.
 *
 * @param actor exactly this username
 * @param action actions containing this text
 * @param since at or after this time
 * @param limit at most this many of the most recent matches
 */
record AuditQuery(String actor, String action, Instant since, int limit) {

	static final int MAX_LIMIT = 100_000;

	AuditQuery {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
		}
		actor = blankToNull(actor);
		action = blankToNull(action);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
