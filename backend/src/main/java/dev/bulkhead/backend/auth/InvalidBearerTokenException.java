package dev.bulkhead.backend.auth;

import org.springframework.security.core.AuthenticationException;

/**
 * A bearer token was presented but is unknown, expired or revoked.
 */
class InvalidBearerTokenException extends AuthenticationException {

	InvalidBearerTokenException() {
		super("the bearer token is unknown, expired or revoked; create a new one with POST /api/v1/tokens");
	}

}
