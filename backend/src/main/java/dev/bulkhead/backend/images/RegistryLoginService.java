package dev.bulkhead.backend.images;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.registry.RegistryClient;
import dev.bulkhead.runtime.registry.RegistryCredentials;
import dev.bulkhead.runtime.registry.RegistryLoginStore;

/**
 * Registry logins managed by administrators: stored per registry host, used by every pull
 * and push to that host, listed without their passwords.
 */
@Service
class RegistryLoginService {

	private final RegistryLoginStore store;

	private final RegistryClient client;

	private final RegistryProperties properties;

	private final TeamAccess access;

	RegistryLoginService(RegistryLoginStore store, RegistryClient client, RegistryProperties properties,
			TeamAccess access) {
		this.store = store;
		this.client = client;
		this.properties = properties;
		this.access = access;
	}

	/**
	 * A registry with a login, as the API shows it.
	 *
	 * @param registry the registry host
	 * @param username the user the login is for
	 * @param source {@code api} (stored with this API) or {@code configuration}
	 * ({@code bulkhead.registries.credentials}, used when the API stores none)
	 */
	record RegistryLoginView(String registry, String username, String source) {
	}

	List<RegistryLoginView> list() {
		requireAdmin("list registry logins");
		List<RegistryLoginView> views = new ArrayList<>();
		this.store.usernames().forEach((host, user) -> views.add(new RegistryLoginView(host, user, "api")));
		RegistryConfiguration.configuredLogins(this.properties).forEach((host, login) -> {
			if (this.store.lookup(host).isEmpty()) {
				views.add(new RegistryLoginView(host, login.username(), "configuration"));
			}
		});
		return views;
	}

	void put(String registry, RegistryLoginRequest request) {
		requireAdmin("set registry logins");
		this.store.put(registry, new RegistryCredentials.Login((request != null) ? request.username() : null,
				(request != null) ? request.password() : null));
		this.client.forgetLogins();
	}

	void remove(String registry) {
		requireAdmin("remove registry logins");
		RegistryLoginStore.requireHost(registry);
		if (!this.store.remove(registry)) {
			throw new NotFoundException("no login is stored for the registry " + registry
					+ "; list them with GET /api/v1/registries/logins");
		}
		this.client.forgetLogins();
	}

	private void requireAdmin(String what) {
		if (!this.access.caller().admin()) {
			throw new ForbiddenException("only administrators may " + what + "; ask an administrator");
		}
	}

}
