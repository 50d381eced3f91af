package dev.bulkhead.backend.auth;

/**
 * A row of {@code users}, password hash included; it never leaves this package.
 */
record StoredUser(long id, String username, String passwordHash, boolean admin, boolean enabled) {

	BulkheadUser toPrincipal() {
		return new BulkheadUser(this.id, this.username, this.admin);
	}

}
