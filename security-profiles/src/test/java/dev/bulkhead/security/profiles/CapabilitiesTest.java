package dev.bulkhead.security.profiles;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CapabilitiesTest {

	@Test
	void listsEveryLinuxCapabilityOnceWithTheOciPrefix() {
		assertThat(Capabilities.all()).hasSize(41)
			.doesNotHaveDuplicates()
			.allMatch((name) -> name.matches("CAP_[A-Z_]+"))
			.startsWith("CAP_CHOWN", "CAP_DAC_OVERRIDE")
			.endsWith("CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE")
			.contains("CAP_SYS_ADMIN", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW");
	}

	@Test
	void grantsNothingByDefault() {
		assertThat(Capabilities.defaults()).isEmpty();
	}

	@Test
	void normalizesNamesWithOrWithoutPrefixInAnyCase() {
		assertThat(Capabilities.normalize("NET_BIND_SERVICE")).isEqualTo("CAP_NET_BIND_SERVICE");
		assertThat(Capabilities.normalize("net_bind_service")).isEqualTo("CAP_NET_BIND_SERVICE");
		assertThat(Capabilities.normalize("cap_sys_admin")).isEqualTo("CAP_SYS_ADMIN");
		assertThat(Capabilities.normalize("CAP_CHOWN")).isEqualTo("CAP_CHOWN");
	}

	@Test
	void recognizesOnlyKnownCapabilities() {
		assertThat(Capabilities.isKnown("Sys_Ptrace")).isTrue();
		assertThat(Capabilities.isKnown("CAP_SYS_PTRACE")).isTrue();
		assertThat(Capabilities.isKnown("SYS_EVERYTHING")).isFalse();
		assertThat(Capabilities.isKnown("ALL")).isFalse();
		assertThat(Capabilities.isKnown("")).isFalse();
		assertThat(Capabilities.isKnown(null)).isFalse();
	}

	@Test
	void refusesToNormalizeAnUnknownNameAndSaysWhichOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> Capabilities.normalize("CAP_FLY"))
			.withMessageContaining("'CAP_FLY' is not a Linux capability");
	}

}
