package dev.bulkhead.runtime.snapshots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MountInfoTest {

	@Test
	void parsesALineWithOptionalFields() {
		MountInfo info = MountInfo
			.parse("36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue");

		assertThat(info.mountId()).isEqualTo(36);
		assertThat(info.parentId()).isEqualTo(35);
		assertThat(info.majorMinor()).isEqualTo("98:0");
		assertThat(info.root()).isEqualTo("/mnt1");
		assertThat(info.mountPoint()).isEqualTo(Path.of("/mnt/parent"));
		assertThat(info.mountOptions()).isEqualTo("rw,noatime");
		assertThat(info.optionalFields()).containsExactly("master:1", "shared:7");
		assertThat(info.fsType()).isEqualTo("ext3");
		assertThat(info.source()).isEqualTo("/dev/root");
		assertThat(info.superOptions()).isEqualTo("rw,errors=continue");
	}

	@Test
	void parsesAnOverlayLineWithoutOptionalFields() {
		MountInfo info = MountInfo.parse("612 29 0:52 / /run/rootfs rw,relatime - overlay overlay "
				+ "rw,lowerdir=/s/2/fs:/s/1/fs,upperdir=/s/3/fs,workdir=/s/3/work");

		assertThat(info.optionalFields()).isEmpty();
		assertThat(info.fsType()).isEqualTo("overlay");
		assertThat(info.superOptions()).contains("upperdir=/s/3/fs");
	}

	@Test
	void decodesOctalEscapesInPaths() {
		MountInfo info = MountInfo
			.parse("40 30 0:40 /with\\134backslash /tmp/a\\040dir\\011tab rw - tmpfs my\\040tmpfs rw");

		assertThat(info.root()).isEqualTo("/with\\backslash");
		assertThat(info.mountPoint()).isEqualTo(Path.of("/tmp/a dir\ttab"));
		assertThat(info.source()).isEqualTo("my tmpfs");
	}

	@Test
	void decodesEscapedUtf8Bytes() {
		assertThat(MountInfo.unescape("/tmp/caf\\303\\251")).isEqualTo("/tmp/café");
		assertThat(MountInfo.unescape("/tmp/plain\\9")).isEqualTo("/tmp/plain\\9");
	}

	@Test
	void refusesALineWithoutTheSeparator() {
		assertThatThrownBy(() -> MountInfo.parse("36 35 98:0 /mnt1 /mnt/parent rw ext3 /dev/root rw"))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("/mnt/parent");
	}

	@Test
	void readsEveryLineOfAFile(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("mountinfo");
		Files.writeString(file, """
				22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
				23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:2 - proc proc rw
				""");

		List<MountInfo> mounts = MountInfo.read(file);

		assertThat(mounts).extracting(MountInfo::mountPoint).containsExactly(Path.of("/"), Path.of("/proc"));
	}

}
