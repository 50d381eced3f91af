package dev.bulkhead.backend.auth;

import java.time.Instant;

import org.springframework.security.authentication.LockedException;

/**
 * A password sign-in refused before the password is checked, because the account or the
 * caller's address has had too many failed sign-ins. It says until when, so the caller
 * knows whether to wait or to ask an administrator.
 */
class LoginLockedException extends LockedException {

	private final Instant until;

	LoginLockedException(String message, Instant until) {
		super(message);
		this.until = until;
	}

	Instant until() {
		return this.until;
	}

}
