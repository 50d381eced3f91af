package dev.bulkhead.backend.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, listing and disabling accounts: administrators only. The caller's right is
 * checked before the request is looked at, so a non-administrator learns nothing from
 * validation messages.
 */
@Service
class UserAdministration {

	static final int MINIMUM_PASSWORD_LENGTH = 12;

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	UserAdministration(UserRepository users, PasswordEncoder passwordEncoder) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
	}

	List<UserView> list(BulkheadUser caller) {
		requireAdmin(caller, "list users");
		return this.users.findAll().stream().map(UserView::of).toList();
	}

	UserView me(BulkheadUser caller) {
		return this.users.findById(caller.id())
			.map(UserView::of)
			.orElseThrow(() -> new NotFoundException("your account " + caller.username() + " no longer exists"));
	}

	@Transactional
	UserView create(BulkheadUser caller, String username, String password, boolean admin) {
		requireAdmin(caller, "create users");
		if (username == null || !USERNAME.matcher(username).matches()) {
			throw new InvalidArgumentException("username '" + username
					+ "' is not valid: use 1 to 64 lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
		}
		if (password == null || password.strip().length() < MINIMUM_PASSWORD_LENGTH) {
			throw new InvalidArgumentException(
					"password: at least " + MINIMUM_PASSWORD_LENGTH + " characters are required; a passphrase works");
		}
		if (this.users.findByUsername(username).isPresent()) {
			throw new ConflictException("a user named '" + username + "' already exists; choose another name");
		}
		long id = this.users.create(username, this.passwordEncoder.encode(password), admin,
				Instant.now().truncatedTo(ChronoUnit.MICROS));
		return this.users.findById(id).map(UserView::of).orElseThrow();
	}

	@Transactional
	UserView disable(BulkheadUser caller, long id) {
		requireAdmin(caller, "disable users");
		StoredUser user = this.users.findById(id)
			.orElseThrow(() -> new NotFoundException("user " + id + " not found; list users with GET /api/v1/users"));
		if (user.id() == caller.id()) {
			throw new FailedPreconditionException(
					"you cannot disable your own account; another administrator has to do it");
		}
		this.users.disable(id);
		return this.users.findById(id).map(UserView::of).orElseThrow();
	}

	private static void requireAdmin(BulkheadUser caller, String what) {
		if (!caller.admin()) {
			throw new ForbiddenException("only administrators may " + what + "; ask an administrator");
		}
	}

	/**
	 * An account as the API shows it: never the password hash.
	 */
	record UserView(long id, String username, boolean admin, boolean enabled) {

		static UserView of(StoredUser user) {
			return new UserView(user.id(), user.username(), user.admin(), user.enabled());
		}

	}

}
