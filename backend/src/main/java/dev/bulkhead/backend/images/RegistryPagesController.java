package dev.bulkhead.backend.images;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.bulkhead.backend.audit.AuditTrail;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.backend.web.Navigation;
import dev.bulkhead.backend.web.WebRequests;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.registry.RegistryClient;
import dev.bulkhead.runtime.registry.RegistryLoginStore;

/**
 * The dashboard's registries page, for administrators: the stored logins (never their
 * passwords), the registries configured as plain HTTP or with a login in the server's
 * properties, a form to test and store a login, and delete. Everything goes through
 * {@link RegistryLoginService}, which refuses anyone but an administrator as the API
 * does. A form names the registry in a field, so its audit record is given the registry
 * as target, like the API's path.
 */
@Controller
@RequestMapping("/admin/registries")
class RegistryPagesController {

	private static final String PAGE = "/admin/registries";

	private final RegistryLoginService logins;

	private final TeamAccess access;

	RegistryPagesController(RegistryLoginService logins, TeamAccess access) {
		this.logins = logins;
		this.access = access;
	}

	@GetMapping
	String list(@RequestParam(required = false) String saved, Model model) {
		if (!this.access.isAdmin()) {
			throw TeamAccess.refused(new ForbiddenException(
					"the registries page is for administrators; ask one to store a registry login"));
		}
		model.addAttribute("registries", this.logins.overview());
		model.addAttribute("saved", saved);
		return "admin/registries";
	}

	/**
	 * Stores a login; with {@code test} it is first checked with the registry, and a
	 * refusal stores nothing.
	 */
	@PostMapping
	ResponseEntity<Void> save(@RequestParam(required = false) String registry,
			@RequestParam(required = false) String username, @RequestParam(required = false) String password,
			@RequestParam(defaultValue = "false") boolean test, HttpServletRequest request) {
		String host = nameTarget(registry, "");
		RegistryLoginRequest login = new RegistryLoginRequest(username, password);
		if (test) {
			this.logins.checkAndPut(host, login);
		}
		else {
			this.logins.put(host, login);
		}
		return Navigation.redirect(request,
				PAGE + "?saved=" + URLEncoder.encode(String.valueOf(host), StandardCharsets.UTF_8));
	}

	/** Checks a login with the registry and says how it answered; stores nothing. */
	@PostMapping("/test")
	String test(@RequestParam(required = false) String registry, @RequestParam(required = false) String username,
			@RequestParam(required = false) String password, HttpServletRequest request, Model model) {
		String host = nameTarget(registry, "/test");
		RegistryClient.LoginCheck check = this.logins.check(host, new RegistryLoginRequest(username, password));
		model.addAttribute("check", check);
		model.addAttribute("checkedRegistry", host);
		if (WebRequests.isHtmx(request)) {
			return "admin/registries :: check";
		}
		model.addAttribute("registries", this.logins.overview());
		return "admin/registries";
	}

	@PostMapping("/{registry}/delete")
	ResponseEntity<Void> delete(@PathVariable String registry, HttpServletRequest request) {
		this.logins.remove(registry);
		return Navigation.redirect(request, PAGE);
	}

	/**
	 * The registry as typed, trimmed; when it is a registry host the audit record names
	 * it.
	 */
	private static String nameTarget(String registry, String suffix) {
		String host = (registry != null) ? registry.strip() : null;
		try {
			RegistryLoginStore.requireHost(host);
			AuditTrail.nameTarget(PAGE + "/" + host + suffix);
		}
		catch (InvalidArgumentException ex) {
			// Not a host: the service refuses it in words; the record keeps the path.
		}
		return host;
	}

}
