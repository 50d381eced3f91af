package dev.bulkhead.backend.auth;

import java.time.Instant;
import java.util.Optional;

import dev.bulkhead.backend.audit.AuditTrail;
import dev.bulkhead.backend.audit.Outcome;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks a username and password (form login, HTTP Basic) and makes a
 * {@link BulkheadUser} the principal, so every way of signing in yields the same type.
 * Both ways go through the {@link LoginThrottle}: a locked username or a throttled source
 * address is refused before the password is looked at.
 */
class PasswordAuthenticationProvider implements AuthenticationProvider {

	static final String ACCOUNT_LOCKED = "account-locked";

	static final String ADDRESS_THROTTLED = "address-throttled";

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final LoginThrottle throttle;

	private final AuditTrail audit;

	// Compared against when the user does not exist, so that the answer takes as long as
	// for a wrong password and does not reveal which usernames exist.
	private final String unknownUserHash;

	PasswordAuthenticationProvider(UserRepository users, PasswordEncoder passwordEncoder, LoginThrottle throttle,
			AuditTrail audit) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.throttle = throttle;
		this.audit = audit;
		this.unknownUserHash = passwordEncoder.encode("no such user: timing equaliser");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String username = authentication.getName();
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null;
		Optional<Instant> addressBlocked = this.throttle.addressBlockedUntil(address);
		if (addressBlocked.isPresent()) {
			throw new LoginLockedException("too many failed sign-ins from " + address + "; sign-ins from there are "
					+ "refused until " + addressBlocked.get() + " (UTC)", addressBlocked.get());
		}
		Optional<Instant> accountLocked = this.throttle.accountLockedUntil(username);
		if (accountLocked.isPresent()) {
			throw lockedAccount(username, accountLocked.get());
		}
		String password = String.valueOf(authentication.getCredentials());
		Optional<StoredUser> found = this.users.findByUsername(username);
		String hash = found.map(StoredUser::passwordHash).orElse(this.unknownUserHash);
		boolean matches = this.passwordEncoder.matches(password, hash);
		if (found.isEmpty() || !matches) {
			failed(username, address);
			throw new BadCredentialsException("wrong username or password");
		}
		StoredUser user = found.get();
		if (!user.enabled()) {
			throw new DisabledException("the account " + username + " is disabled; ask an administrator");
		}
		this.throttle.recordSuccess(username);
		BulkheadUser principal = user.toPrincipal();
		return UsernamePasswordAuthenticationToken.authenticated(principal, null, Authorities.of(principal));
	}

	private void failed(String username, String address) {
		LoginThrottle.Consequence consequence = this.throttle.recordFailure(username, address);
		LoginProperties limits = this.throttle.properties();
		if (consequence.accountLocked()) {
			this.audit.record(username, address, ACCOUNT_LOCKED, username, Outcome.DENIED,
					limits.maxFailures() + " failed sign-ins within " + limits.window().toMinutes()
							+ " minutes; locked until " + consequence.until());
		}
		if (consequence.addressBlocked()) {
			this.audit.record(username, address, ADDRESS_THROTTLED, address, Outcome.DENIED,
					limits.maxFailuresPerAddress() + " failed sign-ins from this address within "
							+ limits.window().toMinutes() + " minutes; refused until " + consequence.until());
		}
	}

	private static LoginLockedException lockedAccount(String username, Instant until) {
		return new LoginLockedException("the account " + username + " is locked after too many failed sign-ins, until "
				+ until + " (UTC); wait, or ask an administrator to unlock it", until);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
