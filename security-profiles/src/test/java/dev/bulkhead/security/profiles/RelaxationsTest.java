package dev.bulkhead.security.profiles;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RelaxationsTest {

	@Test
	void namesAreCheckedAndPutInOneSpelling() {
		assertThat(Relaxations.canonical("cap-add:sys_ptrace")).isEqualTo("cap-add:SYS_PTRACE");
		assertThat(Relaxations.canonical("CAP-ADD:CAP_NET_RAW")).isEqualTo("cap-add:NET_RAW");
		assertThat(Relaxations.canonical("cap-add:all")).isEqualTo("cap-add:ALL");
		assertThat(Relaxations.canonical(" Writable-Rootfs ")).isEqualTo("writable-rootfs");
		assertThat(Relaxations.canonical("bind-mount:/srv/data/")).isEqualTo("bind-mount:/srv/data");
		assertThat(Relaxations.canonical("level:Baseline")).isEqualTo("level:baseline");
		assertThat(Relaxations.PLAIN).containsExactly("writable-rootfs", "seccomp-unconfined", "run-as-root",
				"privileged", "new-privileges", "host-network", "host-pid", "host-ipc", "devices");
	}

	@Test
	void unknownNamesSayWhatToWriteInstead() {
		assertThatIllegalArgumentException().isThrownBy(() -> Relaxations.canonical("root"))
			.withMessageContaining("'root' is not a relaxation; use cap-add:<CAPABILITY>")
			.withMessageContaining("run-as-root");
		assertThatIllegalArgumentException().isThrownBy(() -> Relaxations.canonical("cap-add:FLY"))
			.withMessageContaining("'FLY' is not a Linux capability");
		assertThatIllegalArgumentException().isThrownBy(() -> Relaxations.canonical("bind-mount:srv/../etc"))
			.withMessageContaining("absolute host path");
		assertThatIllegalArgumentException().isThrownBy(() -> Relaxations.canonical("bind-mount:/srv/../etc"))
			.withMessageContaining("without '..'");
		assertThatIllegalArgumentException().isThrownBy(() -> Relaxations.canonical("level:lax"))
			.withMessageContaining("policy level 'lax' does not exist");
	}

	@Test
	void aBindMountPrefixCoversWholePathElementsOnly() {
		assertThat(Relaxations.coversBindMount("bind-mount:/srv/data", "/srv/data")).isTrue();
		assertThat(Relaxations.coversBindMount("bind-mount:/srv/data", "/srv/data/x/y")).isTrue();
		assertThat(Relaxations.coversBindMount("bind-mount:/srv/data", "/srv/database")).isFalse();
		assertThat(Relaxations.coversBindMount("bind-mount:/", "/etc")).isTrue();
		assertThat(Relaxations.coversBindMount("writable-rootfs", "/srv/data")).isFalse();
	}

}
