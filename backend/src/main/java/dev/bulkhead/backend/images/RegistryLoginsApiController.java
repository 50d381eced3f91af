package dev.bulkhead.backend.images;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registry logins, for administrators.
 */
@RestController
@RequestMapping("/api/v1/registries")
@Tag(name = "registries", description = "Logins that pulls and pushes use, per registry host (administrators)")
class RegistryLoginsApiController {

	private final RegistryLoginService logins;

	RegistryLoginsApiController(RegistryLoginService logins) {
		this.logins = logins;
	}

	@GetMapping("/logins")
	@Operation(summary = "List the registries with a login and their user names (never the passwords)")
	List<RegistryLoginService.RegistryLoginView> list() {
		return this.logins.list();
	}

	@PutMapping("/{registry}/login")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Store the login for a registry host",
			description = "{registry} is the host as references name it (registry.example.com, 127.0.0.1:5000). "
					+ "Body {username, password}. Used for HTTP Basic and sent to the registry's token service; "
					+ "replaces any earlier login and takes effect on the next request.")
	void put(@PathVariable String registry, @RequestBody(required = false) RegistryLoginRequest request) {
		this.logins.put(registry, request);
	}

	@DeleteMapping("/{registry}/login")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Remove the stored login for a registry host")
	void delete(@PathVariable String registry) {
		this.logins.remove(registry);
	}

}
