package dev.bulkhead.backend.images;

import java.nio.file.Path;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.bulkhead.runtime.containers.RuntimeSettings;
import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.images.Platform;
import dev.bulkhead.runtime.registry.ImagePuller;
import dev.bulkhead.runtime.registry.ImagePusher;
import dev.bulkhead.runtime.registry.RegistryClient;
import dev.bulkhead.runtime.registry.RegistryCredentials;
import dev.bulkhead.runtime.registry.RegistryLoginStore;
import dev.bulkhead.runtime.sys.Syscalls;

/**
 * Assembles the registry client, the puller and the pusher from
 * {@code bulkhead.registries.*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
class RegistryConfiguration {

	/**
	 * Blobs downloaded at once over all pulls: enough to fill a link, few enough for two
	 * cores.
	 */
	private static final int PARALLEL_DOWNLOADS = 3;

	/** Layers uploaded at once, over all pushes (like downloads). */
	private static final int PARALLEL_UPLOADS = 3;

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * The stored logins; their passwords are encrypted under the key in
	 * {@code bulkhead.secrets.key-file} (default {@code <data-root>/keys/registry.key}).
	 */
	@Bean
	RegistryLoginStore registryLoginStore(RuntimeSettings settings,
			@Value("${bulkhead.secrets.key-file:}") String keyFile) {
		Path key = keyFile.isBlank() ? RegistryLoginStore.defaultKeyFile(settings.dataRoot()) : Path.of(keyFile);
		return new RegistryLoginStore(settings.dataRoot(), key, this.json);
	}

	/**
	 * Logins an admin stored through the API come first, then those of
	 * {@code bulkhead.registries.credentials}.
	 */
	@Bean
	RegistryClient registryClient(RegistryProperties properties, RegistryLoginStore stored) {
		RegistryCredentials configured = RegistryCredentials.of(configuredLogins(properties));
		RegistryCredentials credentials = (host) -> stored.lookup(host).or(() -> configured.lookup(host));
		return RegistryClient.create(this.json, credentials, new HashSet<>(properties.insecure()));
	}

	static Map<String, RegistryCredentials.Login> configuredLogins(RegistryProperties properties) {
		Map<String, RegistryCredentials.Login> logins = new LinkedHashMap<>();
		properties.credentials()
			.forEach((host, login) -> logins.put(host, new RegistryCredentials.Login(login.username(),
					(login.password() != null) ? login.password() : "")));
		return logins;
	}

	@Bean(destroyMethod = "close")
	ImagePuller imagePuller(RegistryClient client, RuntimeSettings settings, ContentStore content, ImageStore images,
			Syscalls syscalls) {
		return new ImagePuller(client, content, images, this.json, Platform.host(), syscalls, settings.dataRoot(),
				PARALLEL_DOWNLOADS);
	}

	@Bean(destroyMethod = "close")
	ImagePusher imagePusher(RegistryClient client, ContentStore content, ImageStore images) {
		return new ImagePusher(client, content, images, this.json, PARALLEL_UPLOADS);
	}

}
