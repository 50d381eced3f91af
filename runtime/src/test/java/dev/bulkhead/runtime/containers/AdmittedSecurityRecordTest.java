package dev.bulkhead.runtime.containers;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security options and the exceptions a container was admitted under survive its
 * record being written and read back (the server rebuilds its view from these files).
 */
class AdmittedSecurityRecordTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void securityWithDockerOptionsAndExceptionsRoundTrips() {
		ContainerConfig.Security security = new ContainerConfig.Security("baseline", List.of("SYS_PTRACE"), false,
				"unconfined", true, List.of("no-new-privileges:false"), "host", "host", "host",
				List.of("/dev/fuse:/dev/fuse:rw"), List.of(new AppliedException(4, "cap-add:SYS_PTRACE", "team:alpha",
						"debugging", "admin", Instant.parse("2030-01-01T00:00:00Z"))));
		EffectiveSecurity effective = new EffectiveSecurity("baseline", 0, 0, List.of("CAP_SYS_PTRACE"), false,
				"unconfined", false, 1 << 30, null, 1.0, 100, true, List.of("pid", "ipc"), List.of("/dev/fuse"),
				security.exceptions());

		assertThat(this.json.readValue(this.json.writeValueAsString(security), ContainerConfig.Security.class))
			.isEqualTo(security);
		assertThat(this.json.readValue(this.json.writeValueAsString(effective), EffectiveSecurity.class))
			.isEqualTo(effective);
	}

	@Test
	void aRecordWrittenBeforeTheDockerOptionsReadsAsTheHardenedDefaults() {
		ContainerConfig.Security old = this.json.readValue(
				"{\"capAdd\":[\"CAP_NET_BIND_SERVICE\"],\"readOnlyRootfs\":true,\"seccompProfile\":\"default\"}",
				ContainerConfig.Security.class);

		assertThat(old.asksForPrivileged()).isFalse();
		assertThat(old.exceptions()).isEmpty();
		assertThat(old.devices()).isEmpty();
		assertThat(this.json.writeValueAsString(old)).doesNotContain("privileged");
	}

}
