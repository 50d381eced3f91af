package dev.bulkhead.runtime.snapshots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.sys.Errno;
import dev.bulkhead.runtime.sys.RecordingSyscalls;
import dev.bulkhead.runtime.sys.SyscallException;
import dev.bulkhead.runtime.sys.Syscalls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MounterTest {

	@TempDir
	Path dir;

	private Path target;

	private Path mountinfo;

	@BeforeEach
	void createTargetAndMountTable() throws IOException {
		this.target = Files.createDirectory(this.dir.resolve("rootfs")).toRealPath();
		this.mountinfo = this.dir.resolve("mountinfo");
		Files.writeString(this.mountinfo, "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n");
	}

	@Test
	void mountsAnOverlayWithItsOptionsAsData() {
		RecordingSyscalls syscalls = new RecordingSyscalls();

		mounter(syscalls).mount(List.of(new Mount("overlay", "overlay",
				List.of("lowerdir=/s/2/fs:/s/1/fs", "upperdir=/s/3/fs", "workdir=/s/3/work"))), this.target);

		assertThat(syscalls.calls()).containsExactly("mount overlay " + this.target
				+ " overlay 0 lowerdir=/s/2/fs:/s/1/fs,upperdir=/s/3/fs,workdir=/s/3/work");
	}

	@Test
	void aReadOnlyBindIsMountedThenRemountedReadOnly() {
		RecordingSyscalls syscalls = new RecordingSyscalls();

		mounter(syscalls).mount(List.of(new Mount("bind", "/s/1/fs", List.of("rbind", "ro"))), this.target);

		long bind = Syscalls.MS_BIND | Syscalls.MS_REC;
		long remount = Syscalls.MS_REMOUNT | Syscalls.MS_BIND | Syscalls.MS_RDONLY;
		assertThat(syscalls.calls()).containsExactly(
				"mount /s/1/fs " + this.target + " null " + (bind | Syscalls.MS_RDONLY) + " null",
				"mount null " + this.target + " null " + remount + " null");
	}

	@Test
	void aWritableBindNeedsNoRemount() {
		RecordingSyscalls syscalls = new RecordingSyscalls();

		mounter(syscalls).mount(List.of(new Mount("bind", "/s/1/fs", List.of("rbind", "rw"))), this.target);

		assertThat(syscalls.calls()).containsExactly(
				"mount /s/1/fs " + this.target + " null " + (Syscalls.MS_BIND | Syscalls.MS_REC) + " null");
	}

	@Test
	void aBindTypeWithoutBindOptionIsStillABind() {
		RecordingSyscalls syscalls = new RecordingSyscalls();

		mounter(syscalls).mount(List.of(new Mount("bind", "/data", List.of())), this.target);

		assertThat(syscalls.calls())
			.containsExactly("mount /data " + this.target + " null " + Syscalls.MS_BIND + " null");
	}

	@Test
	void propagationIsChangedByASecondCall() {
		RecordingSyscalls syscalls = new RecordingSyscalls();

		mounter(syscalls).mount(List.of(new Mount("tmpfs", "tmpfs", List.of("nosuid", "rprivate", "size=1m"))),
				this.target);

		assertThat(syscalls.calls()).containsExactly(
				"mount tmpfs " + this.target + " tmpfs " + Syscalls.MS_NOSUID + " size=1m",
				"mount null " + this.target + " null " + (Syscalls.MS_PRIVATE | Syscalls.MS_REC) + " null");
	}

	@Test
	void refusesDataLongerThanOnePageWithoutCallingTheKernel() {
		RecordingSyscalls syscalls = new RecordingSyscalls();
		String lower = "lowerdir=/" + "x".repeat(4100);

		assertThatThrownBy(
				() -> mounter(syscalls).mount(List.of(new Mount("overlay", "overlay", List.of(lower))), this.target))
			.isInstanceOf(FailedPreconditionException.class)
			.hasMessageContaining("4095");
		assertThat(syscalls.calls()).isEmpty();
	}

	@Test
	void aFailedMountUnmountsTheMountsBeforeIt() {
		RecordingSyscalls syscalls = new RecordingSyscalls() {
			@Override
			public void mount(String source, Path target, String fstype, long flags, String data) {
				super.mount(source, target, fstype, flags, data);
				if ("broken".equals(fstype)) {
					throw new SyscallException(19, "ENODEV", "mount", target);
				}
			}
		};

		assertThatThrownBy(() -> mounter(syscalls).mount(
				List.of(new Mount("tmpfs", "tmpfs", List.of()), new Mount("broken", "none", List.of())), this.target))
			.isInstanceOf(SyscallException.class)
			.hasMessageContaining("ENODEV");
		assertThat(syscalls.calls()).last().isEqualTo("umount2 " + this.target + " 0");
	}

	@Test
	void unmountRemovesEveryMountStackedOnTheTarget() throws IOException {
		Files.writeString(this.mountinfo, "50 22 0:52 / " + this.target + " rw - overlay overlay rw\n" + "51 50 0:53 / "
				+ this.target + " rw - tmpfs tmpfs rw\n", java.nio.file.StandardOpenOption.APPEND);
		RecordingSyscalls syscalls = new RecordingSyscalls();

		mounter(syscalls).unmount(this.target);

		assertThat(syscalls.calls()).containsExactly("umount2 " + this.target + " 0", "umount2 " + this.target + " 0");
	}

	@Test
	void unmountOfATargetWithNothingMountedIsFine() {
		AtomicInteger attempts = new AtomicInteger();
		RecordingSyscalls syscalls = failingUmount(Errno.EINVAL, Integer.MAX_VALUE, attempts);

		mounter(syscalls).unmount(this.target);

		assertThat(attempts).hasValue(1);
		assertThat(syscalls.calls()).isEmpty();
	}

	@Test
	void aBusyTargetIsRetriedUntilItIsFree() {
		AtomicInteger attempts = new AtomicInteger();
		RecordingSyscalls syscalls = failingUmount(Errno.EBUSY, 2, attempts);

		mounter(syscalls).unmount(this.target);

		assertThat(attempts).hasValue(3);
		assertThat(syscalls.calls()).doesNotContain("umount2 " + this.target + " " + Syscalls.MNT_DETACH);
	}

	@Test
	void aTargetThatStaysBusyIsDetached() {
		AtomicInteger attempts = new AtomicInteger();
		RecordingSyscalls syscalls = failingUmount(Errno.EBUSY, Integer.MAX_VALUE, attempts);

		mounter(syscalls).unmount(this.target);

		assertThat(attempts).hasValue(5);
		assertThat(syscalls.calls()).containsExactly("umount2 " + this.target + " " + Syscalls.MNT_DETACH);
	}

	@Test
	void otherUnmountErrorsAreThrown() {
		RecordingSyscalls syscalls = failingUmount(Errno.EPERM, Integer.MAX_VALUE, new AtomicInteger());

		assertThatThrownBy(() -> mounter(syscalls).unmount(this.target)).isInstanceOf(SyscallException.class)
			.hasMessageContaining("EPERM");
	}

	@Test
	void isMountedReadsTheMountTableWithEscapedPaths() throws IOException {
		Path spaced = Files.createDirectory(this.dir.resolve("with space")).toRealPath();
		Files.writeString(this.mountinfo,
				"60 22 0:60 / " + spaced.toString().replace(" ", "\\040") + " rw - tmpfs tmpfs rw\n",
				java.nio.file.StandardOpenOption.APPEND);
		Mounter mounter = mounter(new RecordingSyscalls());

		assertThat(mounter.isMounted(spaced)).isTrue();
		assertThat(mounter.isMounted(this.target)).isFalse();
		assertThat(mounter.isMounted(Path.of("/"))).isTrue();
	}

	private Mounter mounter(Syscalls syscalls) {
		return new Mounter(syscalls, this.mountinfo, Duration.ofMillis(1));
	}

	/**
	 * umount2 without MNT_DETACH fails with {@code errno} the first {@code times} calls.
	 */
	private static RecordingSyscalls failingUmount(int errno, int times, AtomicInteger attempts) {
		return new RecordingSyscalls() {
			@Override
			public void umount2(Path target, int flags) {
				if (flags == 0 && attempts.incrementAndGet() <= times) {
					throw new SyscallException(errno, Errno.name(errno), "umount2", target);
				}
				super.umount2(target, flags);
			}
		};
	}

}
