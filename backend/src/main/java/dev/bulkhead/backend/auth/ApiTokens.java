package dev.bulkhead.backend.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import dev.bulkhead.backend.auth.TokenRequests.CreatedToken;
import dev.bulkhead.backend.auth.TokenRequests.TokenSummary;
import dev.bulkhead.runtime.errors.NotFoundException;

import org.springframework.stereotype.Service;

/**
 * Creates, lists, revokes and checks API tokens. A token is usable until it expires or is
 * revoked, and only while its owner is enabled.
 */
@Service
class ApiTokens {

	private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

	private final ApiTokenRepository tokens;

	private final Clock clock;

	ApiTokens(ApiTokenRepository tokens) {
		this.tokens = tokens;
		this.clock = Clock.systemUTC();
	}

	CreatedToken create(BulkheadUser owner, String name, int expiresInDays) {
		Instant now = now();
		Instant expiresAt = now.plus(expiresInDays, ChronoUnit.DAYS);
		String token = TokenSecrets.newToken();
		long id = this.tokens.create(owner.id(), name, TokenSecrets.hash(token), now, expiresAt);
		return new CreatedToken(id, name, token, expiresAt);
	}

	List<TokenSummary> list(BulkheadUser owner) {
		Instant now = now();
		return this.tokens.findByUser(owner.id()).stream().map((token) -> TokenSummary.of(token, now)).toList();
	}

	void revoke(BulkheadUser owner, long tokenId) {
		if (!this.tokens.revoke(owner.id(), tokenId, now())) {
			throw new NotFoundException("token " + tokenId + " not found among the tokens of " + owner.username()
					+ "; list them with GET /api/v1/tokens");
		}
	}

	/**
	 * The owner of a presented token, if the token is known, unexpired and unrevoked.
	 */
	Optional<BulkheadUser> authenticate(String presentedToken) {
		if (!presentedToken.startsWith(TokenSecrets.PREFIX)) {
			return Optional.empty();
		}
		Instant now = now();
		return this.tokens.findByHash(TokenSecrets.hash(presentedToken))
			.filter((found) -> found.token().usableAt(now))
			.map((found) -> {
				this.tokens.touch(found.token().id(), now, LAST_USED_RESOLUTION);
				return found.owner();
			});
	}

	private Instant now() {
		// The database keeps microseconds; truncating keeps what is returned equal to
		// what is stored.
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
