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

	CreatedToken create(BulkheadUser owner, String name, int expiresInDays, TokenScope scope) {
		Instant now = now();
		Instant expiresAt = now.plus(expiresInDays, ChronoUnit.DAYS);
		String token = TokenSecrets.newToken();
		long id = this.tokens.create(owner.id(), name, TokenSecrets.hash(token), now, expiresAt, scope);
		return new CreatedToken(id, name, token, expiresAt, scope);
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
	 * The owner of a presented token, if the token is known, unexpired and unrevoked and
	 * its owner enabled.
	 */
	Optional<BulkheadUser> authenticate(String presentedToken) {
		return check(presentedToken).user();
	}

	/**
	 * Checks a presented token and says why it is refused, so that the use of a revoked
	 * token can be audited.
	 */
	TokenCheck check(String presentedToken) {
		if (!presentedToken.startsWith(TokenSecrets.PREFIX)) {
			return TokenCheck.refused(null, "unknown token");
		}
		Instant now = now();
		Optional<ApiTokenRepository.TokenOwner> found = this.tokens.findByHash(TokenSecrets.hash(presentedToken));
		if (found.isEmpty()) {
			return TokenCheck.refused(null, "unknown token");
		}
		ApiTokenRepository.TokenOwner owner = found.get();
		StoredToken token = owner.token();
		if (token.revokedAt() != null) {
			return TokenCheck.refused(owner.owner(), "revoked token '" + token.name() + "' (id " + token.id() + ")");
		}
		if (!token.usableAt(now)) {
			return TokenCheck.refused(owner.owner(), "expired token '" + token.name() + "' (id " + token.id() + ")");
		}
		if (!owner.ownerEnabled()) {
			return TokenCheck.refused(owner.owner(), "token of the disabled account " + owner.owner().username());
		}
		this.tokens.touch(token.id(), now, LAST_USED_RESOLUTION);
		return new TokenCheck(Optional.of(owner.owner()), token.scope(), null, null);
	}

	/**
	 * The result of checking a presented token.
	 *
	 * @param user the authenticated owner, if the token is usable
	 * @param scope what the token allows, if usable
	 * @param knownOwner whose token was refused, if the token is known
	 * @param refusal why it was refused
	 */
	record TokenCheck(Optional<BulkheadUser> user, TokenScope scope, BulkheadUser knownOwner, String refusal) {

		static TokenCheck refused(BulkheadUser knownOwner, String refusal) {
			return new TokenCheck(Optional.empty(), null, knownOwner, refusal);
		}

	}

	private Instant now() {
		// The database keeps microseconds; truncating keeps what is returned equal to
		// what is stored.
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
