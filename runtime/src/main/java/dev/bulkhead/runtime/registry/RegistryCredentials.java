package dev.bulkhead.runtime.registry;

import java.util.Map;
import java.util.Optional;

/**
 * Where the registry client finds the login for a registry host. The password never
 * appears in logs, messages or {@code toString()}.
 */
@FunctionalInterface
public interface RegistryCredentials {

	/**
	 * The login for a registry host as written in references ({@code 127.0.0.1:5000}).
	 */
	Optional<Login> lookup(String registry);

	/** No logins: every registry is used anonymously. */
	static RegistryCredentials none() {
		return (registry) -> Optional.empty();
	}

	/** Logins from a fixed map of registry host to login. */
	static RegistryCredentials of(Map<String, Login> logins) {
		Map<String, Login> copy = Map.copyOf(logins);
		return (registry) -> Optional.ofNullable(copy.get(registry));
	}

	/** A user name and password for HTTP Basic or for a token service. */
	record Login(String username, String password) {

		@Override
		public String toString() {
			return "Login[username=" + this.username + ", password=****]";
		}

	}

}
