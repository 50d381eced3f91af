package dev.bulkhead.backend.containers;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleRequestTest {

	@Test
	void restartPoliciesAreReadAsDockerWritesThem() {
		assertThat(LifecycleRequest.restartPolicy("on-failure:3"))
			.isEqualTo(new ContainerConfig.RestartPolicy("on-failure", 3));
		assertThat(LifecycleRequest.restartPolicy("always"))
			.isEqualTo(new ContainerConfig.RestartPolicy("always", null));
		assertThat(LifecycleRequest.restartPolicy(Map.of("name", "on-failure", "maximumRetryCount", 2)))
			.isEqualTo(new ContainerConfig.RestartPolicy("on-failure", 2));
		assertThatThrownBy(() -> LifecycleRequest.restartPolicy("on-failure:many"))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("not a whole number");
		assertThatThrownBy(() -> LifecycleRequest.restartPolicy(List.of("always")))
			.hasMessageContaining("on-failure:3");
	}

	@Test
	void healthchecksTakeDurationsWithUnits() {
		ContainerConfig.Healthcheck check = LifecycleRequest.healthcheck(Map.of("test", List.of("CMD", "true"),
				"interval", "1m30s", "timeout", "250ms", "startPeriod", "2s", "retries", 4));
		assertThat(check).isEqualTo(new ContainerConfig.Healthcheck(List.of("CMD", "true"), 90_000L, 250L, 2000L, 4));
		assertThat(LifecycleRequest.healthcheck(Map.of("test", "wget -q http://127.0.0.1")).test())
			.containsExactly("CMD-SHELL", "wget -q http://127.0.0.1");
		assertThatThrownBy(() -> LifecycleRequest.healthcheck(Map.of("interval", "30")))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("healthcheck.interval '30' is not a duration");
	}

	@Test
	void nothingAskedIsNoLifecycle() {
		assertThat(LifecycleRequest.parse(null, null, null)).isNull();
		assertThat(LifecycleRequest.parse(null, null, true).initEnabled()).isTrue();
	}

}
