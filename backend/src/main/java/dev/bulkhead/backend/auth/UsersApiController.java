package dev.bulkhead.backend.auth;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.bulkhead.backend.auth.UserAdministration.UserView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "users", description = "Accounts (administrators only, except your own)")
class UsersApiController {

	private final UserAdministration users;

	UsersApiController(UserAdministration users) {
		this.users = users;
	}

	@GetMapping
	@Operation(summary = "List every account (administrators only)")
	List<UserView> list(@CurrentUser BulkheadUser caller) {
		return this.users.list(caller);
	}

	@GetMapping("/me")
	@Operation(summary = "Your own account")
	UserView me(@CurrentUser BulkheadUser caller) {
		return this.users.me(caller);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create an account (administrators only)",
			description = "The password needs at least 12 characters, must not be the username and must not be "
					+ "one of the most common passwords.")
	UserView create(@CurrentUser BulkheadUser caller, @RequestBody CreateUser request) {
		return this.users.create(caller, request.username(), request.password(), Boolean.TRUE.equals(request.admin()));
	}

	@PostMapping("/{id}/disable")
	@Operation(summary = "Disable an account: its sign-ins and tokens stop working (administrators only)")
	UserView disable(@CurrentUser BulkheadUser caller, @PathVariable long id) {
		return this.users.disable(caller, id);
	}

	@PostMapping("/{id}/enable")
	@Operation(summary = "Enable a disabled account again (administrators only)")
	UserView enable(@CurrentUser BulkheadUser caller, @PathVariable long id) {
		return this.users.enable(caller, id);
	}

	@PostMapping("/{id}/unlock")
	@Operation(summary = "Lift a lock-out after failed sign-ins (administrators only)")
	UserView unlock(@CurrentUser BulkheadUser caller, @PathVariable long id) {
		return this.users.unlock(caller, id);
	}

	@PostMapping("/{id}/password")
	@Operation(summary = "Reset an account's password; also lifts a lock-out (administrators only)",
			description = "The password policy of account creation applies.")
	UserView resetPassword(@CurrentUser BulkheadUser caller, @PathVariable long id, @RequestBody NewPassword request) {
		return this.users.resetPassword(caller, id, request.password());
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete an account with its tokens and team memberships (administrators only)")
	void delete(@CurrentUser BulkheadUser caller, @PathVariable long id) {
		this.users.delete(caller, id);
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record NewPassword(String password) {

		@Override
		public String toString() {
			return "NewPassword[password hidden]";
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record CreateUser(String username, String password, Boolean admin) {

		@Override
		public String toString() {
			// Never let the password reach a log line.
			return "CreateUser[username=" + this.username + ", admin=" + this.admin + "]";
		}

	}

}
