package dev.bulkhead.backend.audit;

import java.time.Instant;

/**
 * One row of the audit trail. It never holds a request body, a password or a token.
 *
 * @param id increasing with time, so it orders events that share a timestamp
 * @param at when it happened
 * @param actor the username, or {@code null} when nobody was signed in
 * @param sourceAddress the client's address as the server saw it
 * @param action what was attempted ({@code POST /api/v1/containers/{id}/stop},
 * {@code sign-in})
 * @param target what it was attempted on (a request path, a username)
 * @param outcome how it ended
 * @param detail why it was denied or failed, in words; {@code null} on success
 */
public record AuditEvent(long id, Instant at, String actor, String sourceAddress, String action, String target,
		Outcome outcome, String detail) {

}
