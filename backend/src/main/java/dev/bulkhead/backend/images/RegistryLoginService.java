package dev.bulkhead.backend.images;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.teams.Caller;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
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

	private final Clock clock = Clock.systemUTC();

	RegistryLoginService(RegistryLoginStore store, RegistryClient client, RegistryProperties properties,
			TeamAccess access) {
		this.store = store;
		this.client = client;
		this.properties = properties;
		this.access = access;
	}

	/**
	 * One registry as the administrators' page shows it.
	 *
	 * @param registry the registry host
	 * @param username the user of the login in use, or null when it has none
	 * @param stored whether a login is stored (through the API or the page)
	 * @param configured whether {@code bulkhead.registries.credentials} gives one too
	 * (the stored one wins)
	 * @param setBy who stored the login, or null when not recorded
	 * @param setAt when, or null when not recorded
	 * @param insecure whether it is spoken to over plain HTTP
	 * ({@code bulkhead.registries.insecure})
	 */
	record RegistryRow(String registry, String username, boolean stored, boolean configured, String setBy,
			Instant setAt, boolean insecure) {
	}

	/**
	 * Every registry with a login, stored or configured, then the insecure ones without a
	 * login, each once, by host.
	 */
	List<RegistryRow> overview() {
		requireAdmin("see the registry logins");
		Map<String, RegistryCredentials.Login> configured = RegistryConfiguration.configuredLogins(this.properties);
		List<String> insecure = this.properties.insecure();
		List<RegistryRow> rows = new ArrayList<>();
		TreeSet<String> seen = new TreeSet<>();
		for (RegistryLoginStore.Entry entry : this.store.entries()) {
			seen.add(entry.registry());
			rows.add(new RegistryRow(entry.registry(), entry.username(), true, configured.containsKey(entry.registry()),
					entry.setBy(), entry.setAt(), insecure.contains(entry.registry())));
		}
		new TreeSet<>(configured.keySet()).stream()
			.filter(seen::add)
			.forEach((host) -> rows.add(new RegistryRow(host, configured.get(host).username(), false, true, null, null,
					insecure.contains(host))));
		new TreeSet<>(insecure).stream()
			.filter(seen::add)
			.forEach((host) -> rows.add(new RegistryRow(host, null, false, false, null, null, true)));
		return rows;
	}

	/**
	 * Checks a login with the registry's own handshake, without storing it.
	 * @throws dev.bulkhead.runtime.errors.UnavailableException when the registry cannot
	 * be asked
	 */
	RegistryClient.LoginCheck check(String registry, RegistryLoginRequest request) {
		requireAdmin("test registry logins");
		RegistryCredentials.Login login = login(request);
		return this.client.checkLogin(registry, login);
	}

	/**
	 * Stores a login after the registry accepted it; a refusal stores nothing and is an
	 * error that quotes the registry's answer.
	 */
	RegistryClient.LoginCheck checkAndPut(String registry, RegistryLoginRequest request) {
		RegistryClient.LoginCheck check = check(registry, request);
		if (!check.accepted()) {
			throw new InvalidArgumentException(
					check.message() + "; nothing was stored: correct the user name or password and save again");
		}
		put(registry, request);
		return check;
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
		Caller caller = this.access.caller();
		if (!caller.admin()) {
			throw new ForbiddenException("only administrators may set registry logins; ask an administrator");
		}
		this.store.put(registry, login(request), caller.username(), this.clock.instant());
		this.client.forgetLogins();
	}

	private static RegistryCredentials.Login login(RegistryLoginRequest request) {
		String username = (request != null) ? request.username() : null;
		String password = (request != null) ? request.password() : null;
		if (username == null || username.isBlank() || password == null || password.isEmpty()) {
			throw new InvalidArgumentException("a registry login needs a non-empty username and password");
		}
		return new RegistryCredentials.Login(username.strip(), password);
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
