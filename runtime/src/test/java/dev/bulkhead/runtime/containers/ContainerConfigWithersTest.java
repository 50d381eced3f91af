package dev.bulkhead.runtime.containers;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code with...} copies of a request change one thing and keep everything else:
 * admission replaces the security options, and a copy that dropped the restart policy,
 * mounts or aliases would quietly create a different container than was asked for.
 */
class ContainerConfigWithersTest {

	private static final ContainerConfig.Lifecycle LIFECYCLE = new ContainerConfig.Lifecycle(
			new ContainerConfig.RestartPolicy("on-failure", 2), null, true);

	private static final List<MountSpec> MOUNTS = List.of(new MountSpec("volume", "data", "/data", null, null, null));

	private static final List<String> ALIASES = List.of("db");

	private final ContainerConfig config = new ContainerConfig("web", "busybox", null, List.of("sh"), null, null, null,
			null, null, null, new ContainerConfig.Security("restricted", null, null, null), null, null, "apps", null,
			LIFECYCLE, MOUNTS, ALIASES);

	@Test
	void withSecurityKeepsLifecycleMountsAndAliases() {
		ContainerConfig admitted = this.config
			.withSecurity(new ContainerConfig.Security("restricted", List.of("NET_BIND_SERVICE"), null, null));

		assertThat(admitted.security().capAdd()).containsExactly("NET_BIND_SERVICE");
		assertThat(admitted.lifecycle()).isEqualTo(LIFECYCLE);
		assertThat(admitted.mounts()).isEqualTo(MOUNTS);
		assertThat(admitted.networkAliases()).isEqualTo(ALIASES);
		assertThat(admitted.network()).isEqualTo("apps");
	}

	@Test
	void everyOtherCopyKeepsWhatItDoesNotChange() {
		for (ContainerConfig copy : List.of(this.config.withNetwork("other"), this.config.withName("renamed"),
				this.config.withMounts(MOUNTS))) {
			assertThat(copy.lifecycle()).isEqualTo(LIFECYCLE);
			assertThat(copy.mounts()).isEqualTo(MOUNTS);
			assertThat(copy.networkAliases()).isEqualTo(ALIASES);
			assertThat(copy.security()).isEqualTo(this.config.security());
		}
	}

}
