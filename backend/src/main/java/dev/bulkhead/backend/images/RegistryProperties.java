package dev.bulkhead.backend.images;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code bulkhead.registries.*} properties: which registries are spoken to over plain
 * HTTP, and the logins used for pulls.
 *
 * @param insecure registry hosts ({@code host:port}) reached over plain HTTP instead of
 * TLS ({@code bulkhead.registries.insecure=127.0.0.1:5000,...}); none by default
 * @param credentials logins by registry host
 * ({@code bulkhead.registries.credentials[127.0.0.1:5000].username=...})
 */
@ConfigurationProperties("bulkhead.registries")
record RegistryProperties(@DefaultValue List<String> insecure, @DefaultValue Map<String, Login> credentials) {

	/**
	 * One registry login.
	 *
	 * @param username the user name
	 * @param password the password, never logged
	 */
	record Login(String username, String password) {

		@Override
		public String toString() {
			return "Login[username=" + this.username + ", password=****]";
		}

	}

}
