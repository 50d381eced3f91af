package dev.bulkhead.security.profiles;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtectedPathsTest {

	@Test
	void masksTheKernelInterfacesRuncMasks() {
		assertThat(SecurityProfiles.maskedPaths()).containsExactly("/proc/acpi", "/proc/asound", "/proc/kcore",
				"/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
				"/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");
	}

	@Test
	void makesTheProcTunablesReadOnly() {
		assertThat(SecurityProfiles.readonlyPaths()).containsExactly("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
				"/proc/sysrq-trigger");
	}

	@Test
	void returnsPathListsThatCannotBeChanged() {
		assertThatThrownBy(() -> SecurityProfiles.maskedPaths().add("/proc"))
			.isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> SecurityProfiles.readonlyPaths().clear())
			.isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void parsesEachResourceOnlyOnce() {
		assertThat(SecurityProfiles.defaultSeccomp()).isSameAs(SecurityProfiles.defaultSeccomp());
		assertThat(SecurityProfiles.maskedPaths()).isSameAs(SecurityProfiles.maskedPaths());
		assertThat(SecurityProfiles.levels()).isSameAs(SecurityProfiles.levels());
	}

}
