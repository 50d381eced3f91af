package dev.bulkhead.backend.auth;

import dev.bulkhead.backend.auth.TokenRequests.CreatedToken;
import dev.bulkhead.backend.web.Navigation;
import dev.bulkhead.backend.web.WebRequests;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Everyone's own API tokens in the dashboard: list with last use, create (the token is
 * shown once, in the answer to the create, and never again), revoke.
 */
@Controller
@RequestMapping("/tokens")
class TokenPagesController {

	private static final int MAX_NAME = 64;

	private static final int MAX_DAYS = 365;

	private final ApiTokens tokens;

	TokenPagesController(ApiTokens tokens) {
		this.tokens = tokens;
	}

	@GetMapping
	String list(@CurrentUser BulkheadUser caller, Model model) {
		model.addAttribute("tokens", this.tokens.list(caller));
		return "admin/tokens";
	}

	@PostMapping
	String create(@CurrentUser BulkheadUser caller, @RequestParam(required = false) String name,
			@RequestParam(defaultValue = "30") int expiresInDays, @RequestParam(defaultValue = "full") String scope,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		String trimmed = (name != null) ? name.strip() : "";
		if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
			throw new InvalidArgumentException("name: give the token a name of 1 to " + MAX_NAME
					+ " characters that says where it is used, such as 'ci' or 'laptop'");
		}
		if (expiresInDays < 1 || expiresInDays > MAX_DAYS) {
			throw new InvalidArgumentException("expires in days must be between 1 and " + MAX_DAYS);
		}
		CreatedToken created = this.tokens.create(caller, trimmed, expiresInDays, TokenScope.ofWireName(scope));
		// The only answer that holds the token: no cache may keep it.
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		model.addAttribute("created", created);
		model.addAttribute("tokens", this.tokens.list(caller));
		return WebRequests.isHtmx(request) ? "admin/tokens :: area" : "admin/tokens";
	}

	@PostMapping("/{id}/revoke")
	ResponseEntity<Void> revoke(@CurrentUser BulkheadUser caller, @PathVariable long id, HttpServletRequest request) {
		this.tokens.revoke(caller, id);
		return Navigation.redirect(request, "/tokens");
	}

}
