package dev.bulkhead.backend.auth;

import java.io.Serializable;

import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * The authenticated caller, whichever way they signed in (form login, HTTP Basic or a
 * bearer token). It is the principal of every {@code Authentication} Bulkhead creates; a
 * controller receives it with {@link CurrentUser @CurrentUser}. It carries no secret, so
 * it is safe to keep in a session and to log.
 *
 * @param id the user's id in the database
 * @param username the login name
 * @param admin whether the user is a global administrator
 */
public record BulkheadUser(long id, String username, boolean admin) implements AuthenticatedPrincipal, Serializable {

	@Override
	public String getName() {
		return this.username;
	}

}
