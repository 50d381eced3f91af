package dev.bulkhead.backend.images;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.bulkhead.runtime.containers.RuntimeSettings;
import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.images.Platform;
import dev.bulkhead.runtime.registry.ImagePuller;
import dev.bulkhead.runtime.registry.RegistryClient;
import dev.bulkhead.runtime.registry.RegistryCredentials;
import dev.bulkhead.runtime.sys.Syscalls;

/**
 * Assembles the registry client and the puller from {@code bulkhead.registries.*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
class RegistryConfiguration {

	/**
	 * Blobs downloaded at once over all pulls: enough to fill a link, few enough for two
	 * cores.
	 */
	private static final int PARALLEL_DOWNLOADS = 3;

	@Bean(destroyMethod = "close")
	ImagePuller imagePuller(RegistryProperties properties, RuntimeSettings settings, ContentStore content,
			ImageStore images, Syscalls syscalls) {
		Map<String, RegistryCredentials.Login> logins = new LinkedHashMap<>();
		properties.credentials()
			.forEach((host, login) -> logins.put(host, new RegistryCredentials.Login(login.username(),
					(login.password() != null) ? login.password() : "")));
		JsonMapper json = JsonMapper.builder().build();
		RegistryClient client = RegistryClient.create(json, RegistryCredentials.of(logins),
				new HashSet<>(properties.insecure()));
		return new ImagePuller(client, content, images, json, Platform.host(), syscalls, settings.dataRoot(),
				PARALLEL_DOWNLOADS);
	}

}
