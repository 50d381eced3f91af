package dev.bulkhead.backend.auth;

import java.time.Instant;

/**
 * A row of {@code api_tokens}, without its hash.
 */
record StoredToken(long id, long userId, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
		Instant revokedAt, TokenScope scope) {

	boolean usableAt(Instant now) {
		return this.revokedAt == null && now.isBefore(this.expiresAt);
	}

}
