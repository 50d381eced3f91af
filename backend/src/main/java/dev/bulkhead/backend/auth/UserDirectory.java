package dev.bulkhead.backend.auth;

import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * Looks up accounts for other features (teams name their members by username). It hands
 * out principals only, never password hashes.
 */
@Service
public class UserDirectory {

	private final UserRepository users;

	UserDirectory(UserRepository users) {
		this.users = users;
	}

	public Optional<BulkheadUser> findByUsername(String username) {
		return this.users.findByUsername(username).map(StoredUser::toPrincipal);
	}

	public Optional<BulkheadUser> findById(long id) {
		return this.users.findById(id).map(StoredUser::toPrincipal);
	}

	/**
	 * The administrator created first, normally the one made on first start.
	 */
	public Optional<BulkheadUser> firstAdmin() {
		return this.users.firstAdmin().map(StoredUser::toPrincipal);
	}

}
