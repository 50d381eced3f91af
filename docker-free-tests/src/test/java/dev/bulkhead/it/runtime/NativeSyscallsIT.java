package dev.bulkhead.it.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.bulkhead.runtime.sys.Errno;
import dev.bulkhead.runtime.sys.NativeSyscalls;
import dev.bulkhead.runtime.sys.SyscallException;
import dev.bulkhead.runtime.sys.Syscalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The libc bindings against the real kernel. */
class NativeSyscallsIT {

	private final Syscalls syscalls = new NativeSyscalls();

	private Path dir;

	@BeforeEach
	void createDirectory() throws IOException {
		Assumptions.assumeTrue(RootCheck.isRoot(), "needs root to mount overlayfs");
		this.dir = Files.createTempDirectory(Path.of("/tmp"), "bulkhead-syscalls-it-").toRealPath();
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		if (this.dir != null) {
			MountTableAssertions.assertNothingMountedUnder(this.dir);
			MountTableAssertions.deleteTree(this.dir);
		}
	}

	@Test
	void statfsOfRootAgreesWithTheJdk() throws IOException {
		Syscalls.FilesystemStats stats = this.syscalls.statfs(Path.of("/"));

		assertThat(stats.totalBytes()).isPositive().isEqualTo(Files.getFileStore(Path.of("/")).getTotalSpace());
		assertThat(stats.freeBytes()).isBetween(stats.availableBytes(), stats.totalBytes());
		assertThat(stats.type()).isNotZero();
	}

	@Test
	void aFailingMountNamesItsErrnoAndPath() {
		Path missing = this.dir.resolve("missing");

		assertThatThrownBy(() -> this.syscalls.mount("none", missing, "tmpfs", 0, null))
			.isInstanceOfSatisfying(SyscallException.class, (ex) -> {
				assertThat(ex.errno()).isEqualTo(Errno.ENOENT);
				assertThat(ex.path()).isEqualTo(missing.toString());
				assertThat(ex.operation()).isEqualTo("mount");
			})
			.hasMessageContaining("ENOENT")
			.hasMessageContaining(missing.toString());
	}

	@Test
	void mountsAndUnmountsATmpfsWithNullArguments() throws IOException {
		Path target = Files.createDirectory(this.dir.resolve("tmpfs"));

		this.syscalls.mount("bulkhead-test", target, "tmpfs", Syscalls.MS_NOSUID, "size=1m");
		try {
			this.syscalls.mount(null, target, null, Syscalls.MS_PRIVATE, null);
			assertThat(this.syscalls.statfs(target).totalBytes()).isEqualTo(1024 * 1024);
		}
		finally {
			this.syscalls.umount2(target, 0);
		}

		assertThatThrownBy(() -> this.syscalls.umount2(target, 0)).isInstanceOfSatisfying(SyscallException.class,
				(ex) -> assertThat(ex.errno()).isEqualTo(Errno.EINVAL));
	}

	@Test
	void killOfAProcessThatIsGoneReturnsFalse() throws Exception {
		Process process = new ProcessBuilder("true").start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

		assertThat(this.syscalls.kill((int) process.pid(), 0)).isFalse();
		assertThat(this.syscalls.kill((int) ProcessHandle.current().pid(), 0)).isTrue();
	}

	@Test
	void mknodMakesTheWhiteoutDeviceAndLchownChangesTheOwner() throws IOException {
		Path whiteout = this.dir.resolve("whiteout");

		this.syscalls.mknod(whiteout, Syscalls.S_IFCHR, 0);
		this.syscalls.lchown(whiteout, 1234, 5678);

		assertThat(Files.isRegularFile(whiteout)).isFalse();
		assertThat((Integer) Files.getAttribute(whiteout, "unix:mode") & 0170000).isEqualTo(Syscalls.S_IFCHR);
		assertThat((Long) Files.getAttribute(whiteout, "unix:rdev")).isZero();
		assertThat((Integer) Files.getAttribute(whiteout, "unix:uid")).isEqualTo(1234);
		assertThat((Integer) Files.getAttribute(whiteout, "unix:gid")).isEqualTo(5678);
	}

	@Test
	void lsetxattrFailuresNameTheAttribute() {
		Path missing = this.dir.resolve("missing");

		assertThatThrownBy(() -> this.syscalls.lsetxattr(missing, "trusted.overlay.opaque", new byte[] { 'y' }))
			.isInstanceOf(SyscallException.class)
			.hasMessageContaining("trusted.overlay.opaque")
			.hasMessageContaining("ENOENT");
	}

}
