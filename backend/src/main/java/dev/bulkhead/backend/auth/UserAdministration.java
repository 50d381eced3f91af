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
 * Creating, listing, disabling, deleting and unlocking accounts and resetting passwords:
 * administrators only. The caller's right is checked before the request is looked at, so
 * a non-administrator learns nothing from validation messages. The API and the dashboard
 * both come here.
 */
@Service
public class UserAdministration {

	static final int MINIMUM_PASSWORD_LENGTH = PasswordPolicy.MINIMUM_LENGTH;

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final LoginThrottle throttle;

	UserAdministration(UserRepository users, PasswordEncoder passwordEncoder, LoginThrottle throttle) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.throttle = throttle;
	}

	public List<UserView> list(BulkheadUser caller) {
		requireAdmin(caller, "list users");
		return this.users.findAll().stream().map(this::view).toList();
	}

	UserView me(BulkheadUser caller) {
		return this.users.findById(caller.id())
			.map(this::view)
			.orElseThrow(() -> new NotFoundException("your account " + caller.username() + " no longer exists"));
	}

	@Transactional
	public UserView create(BulkheadUser caller, String username, String password, boolean admin) {
		requireAdmin(caller, "create users");
		if (username == null || !USERNAME.matcher(username).matches()) {
			throw new InvalidArgumentException("username '" + username
					+ "' is not valid: use 1 to 64 lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
		}
		PasswordPolicy.check(username, password);
		if (this.users.findByUsername(username).isPresent()) {
			throw new ConflictException("a user named '" + username + "' already exists; choose another name");
		}
		long id = this.users.create(username, this.passwordEncoder.encode(password), admin,
				Instant.now().truncatedTo(ChronoUnit.MICROS));
		return this.users.findById(id).map(this::view).orElseThrow();
	}

	@Transactional
	public UserView disable(BulkheadUser caller, long id) {
		requireAdmin(caller, "disable users");
		StoredUser user = existing(id);
		if (user.id() == caller.id()) {
			throw new FailedPreconditionException(
					"you cannot disable your own account; another administrator has to do it");
		}
		this.users.disable(id);
		return this.users.findById(id).map(this::view).orElseThrow();
	}

	@Transactional
	public UserView enable(BulkheadUser caller, long id) {
		requireAdmin(caller, "enable users");
		existing(id);
		this.users.enable(id);
		return this.users.findById(id).map(this::view).orElseThrow();
	}

	/**
	 * Sets a new password (the policy applies) and lifts a sign-in lock: a reset is how
	 * an administrator lets a locked-out person back in.
	 */
	@Transactional
	public UserView resetPassword(BulkheadUser caller, long id, String password) {
		requireAdmin(caller, "reset passwords");
		StoredUser user = existing(id);
		PasswordPolicy.check(user.username(), password);
		this.users.setPasswordHash(id, this.passwordEncoder.encode(password));
		this.throttle.unlock(user.username());
		return this.users.findById(id).map(this::view).orElseThrow();
	}

	/** Lifts a sign-in lock and forgets the account's failed sign-ins. */
	public UserView unlock(BulkheadUser caller, long id) {
		requireAdmin(caller, "unlock users");
		StoredUser user = existing(id);
		this.throttle.unlock(user.username());
		return view(user);
	}

	/**
	 * Deletes an account with its tokens and memberships; the audit trail keeps its name.
	 */
	@Transactional
	public void delete(BulkheadUser caller, long id) {
		requireAdmin(caller, "delete users");
		StoredUser user = existing(id);
		if (user.id() == caller.id()) {
			throw new FailedPreconditionException(
					"you cannot delete your own account; another administrator has to do it");
		}
		this.users.delete(id);
		this.throttle.unlock(user.username());
	}

	private StoredUser existing(long id) {
		return this.users.findById(id)
			.orElseThrow(() -> new NotFoundException("user " + id + " not found; list users with GET /api/v1/users"));
	}

	private UserView view(StoredUser user) {
		return new UserView(user.id(), user.username(), user.admin(), user.enabled(),
				this.throttle.accountLockedUntil(user.username()).orElse(null));
	}

	private static void requireAdmin(BulkheadUser caller, String what) {
		if (!caller.admin()) {
			throw new ForbiddenException("only administrators may " + what + "; ask an administrator");
		}
	}

	/**
	 * An account as the API shows it: never the password hash.
	 *
	 * @param id the account's id
	 * @param username its sign-in name
	 * @param admin whether it is a global administrator
	 * @param enabled whether it may sign in and use its tokens
	 * @param lockedUntil until when password sign-ins are locked after failures, if they
	 * are
	 */
	public record UserView(long id, String username, boolean admin, boolean enabled, Instant lockedUntil) {

	}

}
