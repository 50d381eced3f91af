package dev.bulkhead.backend.auth;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks a username and password (form login, HTTP Basic) and makes a
 * {@link BulkheadUser} the principal, so every way of signing in yields the same type.
 */
class PasswordAuthenticationProvider implements AuthenticationProvider {

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	// Compared against when the user does not exist, so that the answer takes as long as
	// for a wrong password and does not reveal which usernames exist.
	private final String unknownUserHash;

	PasswordAuthenticationProvider(UserRepository users, PasswordEncoder passwordEncoder) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.unknownUserHash = passwordEncoder.encode("no such user: timing equaliser");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String username = authentication.getName();
		String password = String.valueOf(authentication.getCredentials());
		Optional<StoredUser> found = this.users.findByUsername(username);
		String hash = found.map(StoredUser::passwordHash).orElse(this.unknownUserHash);
		boolean matches = this.passwordEncoder.matches(password, hash);
		if (found.isEmpty() || !matches) {
			throw new BadCredentialsException("wrong username or password");
		}
		StoredUser user = found.get();
		if (!user.enabled()) {
			throw new DisabledException("the account " + username + " is disabled; ask an administrator");
		}
		BulkheadUser principal = user.toPrincipal();
		return UsernamePasswordAuthenticationToken.authenticated(principal, null, Authorities.of(principal));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
