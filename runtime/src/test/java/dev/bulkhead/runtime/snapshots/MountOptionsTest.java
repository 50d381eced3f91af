package dev.bulkhead.runtime.snapshots;

import java.util.List;

import dev.bulkhead.runtime.sys.Syscalls;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MountOptionsTest {

	@Test
	void flagOptionsBecomeMountFlagsAndTheRestBecomesData() {
		MountOptions options = MountOptions
			.parse(List.of("nosuid", "lowerdir=/l2:/l1", "nodev", "upperdir=/u", "noexec", "workdir=/w"));

		assertThat(options.flags()).isEqualTo(Syscalls.MS_NOSUID | Syscalls.MS_NODEV | Syscalls.MS_NOEXEC);
		assertThat(options.data()).isEqualTo("lowerdir=/l2:/l1,upperdir=/u,workdir=/w");
		assertThat(options.propagation()).isZero();
	}

	@Test
	void laterOptionsOverrideEarlierOnes() {
		assertThat(MountOptions.parse(List.of("ro", "rw")).flags()).isZero();
		assertThat(MountOptions.parse(List.of("rw", "ro")).flags()).isEqualTo(Syscalls.MS_RDONLY);
		assertThat(MountOptions.parse(List.of("noexec", "exec", "nodev")).flags()).isEqualTo(Syscalls.MS_NODEV);
	}

	@Test
	void rbindIsARecursiveBindAndBindIsNot() {
		MountOptions rbind = MountOptions.parse(List.of("rbind", "ro"));
		MountOptions bind = MountOptions.parse(List.of("bind"));

		assertThat(rbind.flags()).isEqualTo(Syscalls.MS_BIND | Syscalls.MS_REC | Syscalls.MS_RDONLY);
		assertThat(rbind.isBind()).isTrue();
		assertThat(bind.flags()).isEqualTo(Syscalls.MS_BIND);
		assertThat(MountOptions.parse(List.of("ro")).isBind()).isFalse();
	}

	@Test
	void propagationOptionsAreKeptApartFromFlags() {
		MountOptions options = MountOptions.parse(List.of("rbind", "rprivate"));

		assertThat(options.propagation()).isEqualTo(Syscalls.MS_PRIVATE | Syscalls.MS_REC);
		assertThat(options.flags()).isEqualTo(Syscalls.MS_BIND | Syscalls.MS_REC);
		assertThat(MountOptions.parse(List.of("slave")).propagation()).isEqualTo(Syscalls.MS_SLAVE);
	}

	@Test
	void noOptionsMeansNoFlagsAndNoData() {
		MountOptions options = MountOptions.parse(List.of("defaults"));

		assertThat(options.flags()).isZero();
		assertThat(options.data()).isNull();
		assertThat(options.dataBytes()).isZero();
	}

	@Test
	void remountAndAtimeOptionsAreFlags() {
		assertThat(MountOptions.parse(List.of("remount", "noatime", "relatime")).flags())
			.isEqualTo(Syscalls.MS_REMOUNT | Syscalls.MS_NOATIME | Syscalls.MS_RELATIME);
		assertThat(MountOptions.parse(List.of("mode=755", "size=65536k")).data()).isEqualTo("mode=755,size=65536k");
	}

}
