package dev.bulkhead.backend.images;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The body of {@code PUT /api/v1/registries/{registry}/login}.
 *
 * @param username the registry user (or robot account)
 * @param password its password or access token; stored, never shown again
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record RegistryLoginRequest(String username, String password) {

	@Override
	public String toString() {
		return "RegistryLoginRequest[username=" + this.username + ", password=****]";
	}

}
