package dev.bulkhead.backend.auth;

import java.time.Instant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The JSON shapes of {@code /api/v1/tokens}.
 */
final class TokenRequests {

	static final int DEFAULT_EXPIRES_IN_DAYS = 30;

	private TokenRequests() {
	}

	/**
	 * {@code POST /api/v1/tokens}.
	 */
	record CreateToken(@NotBlank @Size(min = 1, max = 64) String name, @Min(1) @Max(365) Integer expiresInDays,
			@Pattern(regexp = "read|full", message = "must be 'read' or 'full'") String scope) {

		TokenScope scopeOrDefault() {
			return TokenScope.ofWireName(this.scope);
		}

		int expiresInDaysOrDefault() {
			return (this.expiresInDays != null) ? this.expiresInDays : DEFAULT_EXPIRES_IN_DAYS;
		}

	}

	/**
	 * The answer to a create: the only time the token itself is shown.
	 */
	record CreatedToken(long id, String name, String token, Instant expiresAt, TokenScope scope) {

	}

	/**
	 * A token as listed: everything but the secret.
	 */
	record TokenSummary(long id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
			Instant revokedAt, boolean active, TokenScope scope) {

		static TokenSummary of(StoredToken token, Instant now) {
			return new TokenSummary(token.id(), token.name(), token.createdAt(), token.expiresAt(), token.lastUsedAt(),
					token.revokedAt(), token.usableAt(now), token.scope());
		}

	}

}
