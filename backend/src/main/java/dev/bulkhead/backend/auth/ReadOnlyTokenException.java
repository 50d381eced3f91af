package dev.bulkhead.backend.auth;

import org.springframework.security.access.AccessDeniedException;

/**
 * A read-only token was used for something other than reading.
 */
class ReadOnlyTokenException extends AccessDeniedException {

	ReadOnlyTokenException(String method) {
		super("this token is read-only (scope read): it may only GET or HEAD, not " + method
				+ "; create a token with scope full for changes");
	}

}
