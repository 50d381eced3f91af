package dev.bulkhead.backend.containers;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.MountSpec;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateContainerRequestTest {

	private static CreateContainerRequest request(List<Object> ports, List<MountSpec> mounts, String network,
			Object restartPolicy, Object healthcheck) {
		return new CreateContainerRequest("web", "busybox", null, List.of("sh"), null, null, null, null, null, null,
				ports, mounts, network, restartPolicy, healthcheck, null, null, null, null);
	}

	@Test
	void publishedPortsAreParsedIntoMappings() {
		assertThat(request(List.of("8080:80"), null, null, null, null).toConfig().ports()).hasSize(1);
	}

	@Test
	void aMalformedPortIsRefusedNamingTheEntry() {
		assertThatThrownBy(() -> request(List.of("70000:80"), null, null, null, null).toConfig())
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("70000:80");
	}

	@Test
	void mountsArePassedOn() {
		MountSpec mount = new MountSpec("volume", "data", "/data", true, null, null);

		assertThat(request(null, List.of(mount), null, null, null).toConfig().mounts()).containsExactly(mount);
	}

	@Test
	void theNetworkIsPassedOn() {
		assertThat(request(null, null, "backend", null, null).toConfig().network()).isEqualTo("backend");
	}

	@Test
	void carriesTheRestartPolicy() {
		assertThat(request(null, null, null, Map.of("name", "always"), null).toConfig().lifecycle().restartPolicy())
			.isEqualTo(new ContainerConfig.RestartPolicy("always", null));
	}

	@Test
	void carriesTheHealthcheck() {
		assertThat(request(null, null, null, null, Map.of("test", List.of("CMD", "true"))).toConfig()
			.lifecycle()
			.healthcheck()
			.test()).containsExactly("CMD", "true");
	}

	@Test
	void acceptsTheValuesThatMeanNothingExtra() {
		assertThatCode(() -> request(List.of(), List.of(), "none", "no", null).toConfig()).doesNotThrowAnyException();
	}

	@Test
	void mapsEveryFieldToTheRuntimeConfig() {
		CreateContainerRequest request = new CreateContainerRequest("web", "busybox:latest", List.of("/bin/sh"),
				List.of("-c", "true"), Map.of("A", "1"), "1000:1000", "/work", "web-host", Map.of("team", "blue"),
				new CreateContainerRequest.Resources(64L << 20, 0.5, 100L), null, null, null, null, null,
				new CreateContainerRequest.Security("restricted", List.of("NET_BIND_SERVICE"), false, "default"),
				"SIGINT", 3, "blue");

		ContainerConfig config = request.toConfig();

		assertThat(config).isEqualTo(new ContainerConfig("web", "busybox:latest", List.of("/bin/sh"),
				List.of("-c", "true"), Map.of("A", "1"), "1000:1000", "/work", "web-host", Map.of("team", "blue"),
				new ContainerConfig.Resources(64L << 20, 0.5, 100L),
				new ContainerConfig.Security("restricted", List.of("NET_BIND_SERVICE"), false, "default"), "SIGINT",
				3));
	}

	@Test
	void absentResourcesAndSecurityTakeTheDefaults() {
		ContainerConfig config = request(null, null, null, null, null).toConfig();

		assertThat(config.resources()).isEqualTo(new ContainerConfig.Resources(null, null, null));
		assertThat(config.security()).isEqualTo(new ContainerConfig.Security(null, List.of(), null, null));
		assertThat(config.env()).isEmpty();
	}

}
