package dev.bulkhead.security.profiles;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyLevelsTest {

	@Test
	void loadsTheThreeLevelsStrictestFirst() {
		assertThat(SecurityProfiles.levels()).extracting(PolicyLevel::name)
			.containsExactly("restricted", "baseline", "privileged");
		assertThat(SecurityProfiles.level(SecurityProfiles.DEFAULT_LEVEL).name()).isEqualTo("restricted");
	}

	@Test
	void restrictedAllowsOnlyNetBindServiceAndNothingElse() {
		PolicyLevel restricted = SecurityProfiles.level("restricted");
		assertThat(restricted.allowedCapabilities()).containsExactly("CAP_NET_BIND_SERVICE");
		assertThat(restricted.allowsCapability("net_bind_service")).isTrue();
		assertThat(restricted.allowsCapability("CHOWN")).isFalse();
		assertThat(restricted.allowRoot()).isFalse();
		assertThat(restricted.allowWritableRootfs()).isFalse();
		assertThat(restricted.allowUnconfinedSeccomp()).isFalse();
		assertThat(restricted.allowPrivileged()).isFalse();
		assertThat(restricted.allowHostNamespaces()).isFalse();
		assertThat(restricted.allowNewPrivileges()).isFalse();
		assertThat(restricted.allowDevices()).isFalse();
	}

	@Test
	void baselineAllowsTheKubernetesBaselineCapabilitiesAndRootButKeepsSeccomp() {
		PolicyLevel baseline = SecurityProfiles.level("baseline");
		assertThat(baseline.allowedCapabilities()).containsExactlyInAnyOrder("CAP_AUDIT_WRITE", "CAP_CHOWN",
				"CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_MKNOD", "CAP_NET_BIND_SERVICE",
				"CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT");
		assertThat(baseline.allowsCapability("SYS_ADMIN")).isFalse();
		assertThat(baseline.allowsCapability("NET_RAW")).isFalse();
		assertThat(baseline.allowRoot()).isTrue();
		assertThat(baseline.allowWritableRootfs()).isTrue();
		assertThat(baseline.allowUnconfinedSeccomp()).isFalse();
		assertThat(baseline.allowPrivileged()).isFalse();
		assertThat(baseline.allowHostNamespaces()).isFalse();
	}

	@Test
	void privilegedAllowsEverything() {
		PolicyLevel privileged = SecurityProfiles.level("privileged");
		assertThat(privileged.allowedCapabilities()).containsExactlyInAnyOrderElementsOf(Capabilities.all());
		assertThat(privileged.allowRoot()).isTrue();
		assertThat(privileged.allowWritableRootfs()).isTrue();
		assertThat(privileged.allowUnconfinedSeccomp()).isTrue();
		assertThat(privileged.allowPrivileged()).isTrue();
		assertThat(privileged.allowHostNamespaces()).isTrue();
		assertThat(privileged.allowNewPrivileges()).isTrue();
		assertThat(privileged.allowDevices()).isTrue();
	}

	@Test
	void eachLevelAllowsAtLeastWhatTheStricterOneBeforeItAllows() {
		var levels = SecurityProfiles.levels();
		for (int i = 1; i < levels.size(); i++) {
			PolicyLevel stricter = levels.get(i - 1);
			PolicyLevel looser = levels.get(i);
			assertThat(looser.allowedCapabilities()).containsAll(stricter.allowedCapabilities());
			assertThat(flags(looser)).containsAll(flags(stricter));
		}
	}

	@Test
	void findsLevelsIgnoringCase() {
		assertThat(SecurityProfiles.level("Baseline")).isSameAs(SecurityProfiles.level("baseline"));
	}

	@Test
	void refusesAnUnknownLevelAndNamesTheKnownOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> SecurityProfiles.level("lenient"))
			.withMessageContaining("'lenient'")
			.withMessageContaining("restricted, baseline, privileged");
		assertThatIllegalArgumentException().isThrownBy(() -> SecurityProfiles.level(null));
	}

	@Test
	void returnsLevelsThatCannotBeChanged() {
		assertThatThrownBy(() -> SecurityProfiles.levels().clear()).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> SecurityProfiles.level("restricted").allowedCapabilities().add("CAP_SYS_ADMIN"))
			.isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void normalizesCapabilitiesGivenToANewLevel() {
		PolicyLevel level = new PolicyLevel("custom", Set.of("net_raw", "CAP_KILL"), false, false, false, false, false,
				false);
		assertThat(level.allowedCapabilities()).containsExactlyInAnyOrder("CAP_NET_RAW", "CAP_KILL");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PolicyLevel("custom", Set.of("FLY"), false, false, false, false, false, false));
	}

	private static Set<String> flags(PolicyLevel level) {
		Set<String> allowed = new java.util.HashSet<>();
		if (level.allowRoot()) {
			allowed.add("root");
		}
		if (level.allowWritableRootfs()) {
			allowed.add("writableRootfs");
		}
		if (level.allowUnconfinedSeccomp()) {
			allowed.add("unconfinedSeccomp");
		}
		if (level.allowPrivileged()) {
			allowed.add("privileged");
		}
		if (level.allowHostNamespaces()) {
			allowed.add("hostNamespaces");
		}
		if (level.allowNewPrivileges()) {
			allowed.add("newPrivileges");
		}
		return allowed;
	}

}
