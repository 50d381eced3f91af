package dev.bulkhead.backend.auth;

import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * The global authorities; team roles will be checked against team membership, not against
 * these.
 */
final class Authorities {

	static final String USER = "ROLE_USER";

	static final String ADMIN = "ROLE_ADMIN";

	private Authorities() {
	}

	/** Held by a request made with a read-only token. */
	static final String READ_ONLY = "SCOPE_read";

	static List<GrantedAuthority> of(BulkheadUser user, TokenScope scope) {
		List<GrantedAuthority> authorities = new java.util.ArrayList<>(of(user));
		if (scope == TokenScope.READ) {
			authorities.add(new org.springframework.security.core.authority.SimpleGrantedAuthority(READ_ONLY));
		}
		return List.copyOf(authorities);
	}

	static List<GrantedAuthority> of(BulkheadUser user) {
		return user.admin() ? AuthorityUtils.createAuthorityList(USER, ADMIN)
				: AuthorityUtils.createAuthorityList(USER);
	}

}
