package dev.bulkhead.backend.auth;

import dev.bulkhead.backend.web.Navigation;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dashboard's user administration page: create, disable, enable, unlock, reset a
 * password, delete. Every action goes through {@link UserAdministration}, which refuses
 * non-administrators, so the page being absent from their navigation is not the guard.
 */
@Controller
@RequestMapping("/admin/users")
class UserPagesController {

	private static final String PAGE = "/admin/users";

	private final UserAdministration users;

	UserPagesController(UserAdministration users) {
		this.users = users;
	}

	@GetMapping
	String list(@CurrentUser BulkheadUser caller, Model model) {
		model.addAttribute("users", this.users.list(caller));
		model.addAttribute("minimumPasswordLength", PasswordPolicy.MINIMUM_LENGTH);
		return "admin/users";
	}

	@PostMapping
	ResponseEntity<Void> create(@CurrentUser BulkheadUser caller, @RequestParam(required = false) String username,
			@RequestParam(required = false) String password, @RequestParam(defaultValue = "false") boolean admin,
			HttpServletRequest request) {
		this.users.create(caller, (username != null) ? username.strip() : null, password, admin);
		return Navigation.redirect(request, PAGE);
	}

	@PostMapping("/{id}/disable")
	ResponseEntity<Void> disable(@CurrentUser BulkheadUser caller, @PathVariable long id, HttpServletRequest request) {
		this.users.disable(caller, id);
		return Navigation.redirect(request, PAGE);
	}

	@PostMapping("/{id}/enable")
	ResponseEntity<Void> enable(@CurrentUser BulkheadUser caller, @PathVariable long id, HttpServletRequest request) {
		this.users.enable(caller, id);
		return Navigation.redirect(request, PAGE);
	}

	@PostMapping("/{id}/unlock")
	ResponseEntity<Void> unlock(@CurrentUser BulkheadUser caller, @PathVariable long id, HttpServletRequest request) {
		this.users.unlock(caller, id);
		return Navigation.redirect(request, PAGE);
	}

	@PostMapping("/{id}/password")
	ResponseEntity<Void> resetPassword(@CurrentUser BulkheadUser caller, @PathVariable long id,
			@RequestParam(required = false) String password, HttpServletRequest request) {
		this.users.resetPassword(caller, id, password);
		return Navigation.redirect(request, PAGE);
	}

	@PostMapping("/{id}/delete")
	ResponseEntity<Void> delete(@CurrentUser BulkheadUser caller, @PathVariable long id, HttpServletRequest request) {
		this.users.delete(caller, id);
		return Navigation.redirect(request, PAGE);
	}

}
