package dev.bulkhead.backend.system;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupVersionTest {

	private static final String UNIFIED = """
			sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
			cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0
			/dev/sda1 / ext4 rw,relatime 0 0
			""";

	private static final String HYBRID = """
			tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0
			cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0
			cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0
			cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0
			cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nosuid,nodev,noexec,relatime 0 0
			""";

	private static final String LEGACY = """
			tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0
			cgroup /sys/fs/cgroup/systemd cgroup rw,nosuid,nodev,noexec,relatime,xattr,name=systemd 0 0
			cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0
			""";

	@Test
	void unifiedHierarchyAtTheRootIsV2() {
		assertThat(CgroupVersion.fromMounts(UNIFIED.lines().toList())).isEqualTo(CgroupVersion.V2);
	}

	@Test
	void v1ControllersBesideAV2TreeAreHybrid() {
		assertThat(CgroupVersion.fromMounts(HYBRID.lines().toList())).isEqualTo(CgroupVersion.HYBRID);
	}

	@Test
	void onlyV1ControllersAreV1() {
		assertThat(CgroupVersion.fromMounts(LEGACY.lines().toList())).isEqualTo(CgroupVersion.V1);
	}

	@Test
	void cgroupMountsOutsideTheCgroupRootAreIgnored() {
		List<String> mounts = List.of("cgroup2 /mnt/elsewhere cgroup2 rw 0 0", "proc /proc proc rw 0 0");
		assertThat(CgroupVersion.fromMounts(mounts)).isEqualTo(CgroupVersion.NONE);
	}

	@Test
	void labelsAreTheOnesTheApiReports() {
		assertThat(CgroupVersion.HYBRID.label()).isEqualTo("hybrid");
		assertThat(CgroupVersion.V2.label()).isEqualTo("v2");
		assertThat(CgroupVersion.V1.label()).isEqualTo("v1");
	}

}
