package dev.bulkhead.it.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import dev.bulkhead.runtime.snapshots.Mount;
import dev.bulkhead.runtime.snapshots.Mounter;
import dev.bulkhead.runtime.snapshots.OverlaySnapshotter;
import dev.bulkhead.runtime.snapshots.Snapshotter;
import dev.bulkhead.runtime.sys.NativeSyscalls;
import dev.bulkhead.runtime.sys.Syscalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real overlayfs mounts of snapshot chains: whiteouts and opaque directories written in
 * overlayfs's own format hide lower files, and writes land in the container's upper
 * directory only.
 */
class OverlaySnapshotterIT {

	private final Syscalls syscalls = new NativeSyscalls();

	private final Mounter mounter = new Mounter(this.syscalls);

	private Path dir;

	private Snapshotter snapshotter;

	@BeforeEach
	void createSnapshotter() throws IOException {
		Assumptions.assumeTrue(RootCheck.isRoot(), "needs root to mount overlayfs");
		this.dir = Files.createTempDirectory(Path.of("/tmp"), "bulkhead-snapshots-it-").toRealPath();
		this.snapshotter = new OverlaySnapshotter(this.dir.resolve("snapshots"), this.syscalls);
	}

	@AfterEach
	void unmountAndDelete() throws IOException {
		if (this.dir == null) {
			return;
		}
		List<Path> leftovers = new ArrayList<>(MountTableAssertions.mountsUnder(this.dir));
		Collections.reverse(leftovers);
		for (Path mountPoint : leftovers) {
			this.mounter.unmount(mountPoint);
		}
		MountTableAssertions.assertNothingMountedUnder(this.dir);
		MountTableAssertions.deleteTree(this.dir);
	}

	@Test
	void whiteoutsAndOpaqueDirectoriesHideLowerFilesAndWritesLandInTheUpperDirectory() throws IOException {
		this.snapshotter.prepare("l1-extract", null);
		Path lower = this.snapshotter.applyDir("l1-extract");
		write(lower.resolve("etc/hostname"), "lower-host");
		write(lower.resolve("etc/passwd"), "root:x:0:0");
		write(lower.resolve("data/a"), "a");
		write(lower.resolve("data/b"), "b");
		write(lower.resolve("keep/x"), "x");
		this.snapshotter.commit("l1", "l1-extract");

		this.snapshotter.prepare("l2-extract", "l1");
		Path middle = this.snapshotter.applyDir("l2-extract");
		Files.createDirectories(middle.resolve("etc"));
		this.syscalls.mknod(middle.resolve("etc/passwd"), Syscalls.S_IFCHR, 0);
		Files.createDirectories(middle.resolve("data"));
		this.syscalls.lsetxattr(middle.resolve("data"), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8));
		write(middle.resolve("data/c"), "c");
		this.snapshotter.commit("l2", "l2-extract");

		List<Mount> mounts = this.snapshotter.prepare("container", "l2");
		Path upper = this.snapshotter.applyDir("container");
		Path rootfs = Files.createDirectory(this.dir.resolve("rootfs"));
		this.mounter.mount(mounts, rootfs);

		assertThat(this.mounter.isMounted(rootfs)).isTrue();
		assertThat(rootfs.resolve("etc/hostname")).hasContent("lower-host");
		assertThat(rootfs.resolve("etc/passwd")).doesNotExist();
		assertThat(names(rootfs.resolve("data"))).containsExactly("c");
		assertThat(rootfs.resolve("keep/x")).hasContent("x");

		Files.writeString(rootfs.resolve("new.txt"), "hello");
		Files.writeString(rootfs.resolve("etc/hostname"), "container-host");
		Files.delete(rootfs.resolve("keep/x"));

		assertThat(upper.resolve("new.txt")).hasContent("hello");
		assertThat(upper.resolve("etc/hostname")).hasContent("container-host");
		assertThat((Long) Files.getAttribute(upper.resolve("keep/x"), "unix:rdev")).isZero();
		assertThat(lower.resolve("etc/hostname")).hasContent("lower-host");
		assertThat(lower.resolve("keep/x")).hasContent("x");
		assertThat(lower.resolve("new.txt")).doesNotExist();
		assertThat(middle.resolve("new.txt")).doesNotExist();
		assertThat(this.snapshotter.usage("container").bytes()).isEqualTo("hello".length() + "container-host".length());

		this.mounter.unmount(rootfs);

		assertThat(this.mounter.isMounted(rootfs)).isFalse();
		assertThat(rootfs).isEmptyDirectory();
		MountTableAssertions.assertNothingMountedUnder(this.dir);
	}

	@Test
	void aLayerWithoutParentIsMountedWritableAndAViewReadOnly() throws IOException {
		this.snapshotter.prepare("base-extract", null);
		Path base = this.snapshotter.applyDir("base-extract");
		Path rootfs = Files.createDirectory(this.dir.resolve("rootfs"));

		this.mounter.mount(this.snapshotter.mounts("base-extract"), rootfs);
		Files.writeString(rootfs.resolve("written-through-bind"), "yes");
		this.mounter.unmount(rootfs);
		this.snapshotter.commit("base", "base-extract");
		this.snapshotter.view("look", "base");
		Path view = Files.createDirectory(this.dir.resolve("view"));
		this.mounter.mount(this.snapshotter.mounts("look"), view);

		assertThat(base.resolve("written-through-bind")).hasContent("yes");
		assertThat(view.resolve("written-through-bind")).hasContent("yes");
		assertThatThrownBy(() -> Files.writeString(view.resolve("refused"), "no"))
			.isInstanceOf(FileSystemException.class)
			.hasMessageContaining("Read-only");

		this.mounter.unmount(view);
		MountTableAssertions.assertNothingMountedUnder(this.dir);
	}

	@Test
	void aViewOfAChainIsAReadOnlyOverlay() throws IOException {
		this.snapshotter.prepare("l1-extract", null);
		write(this.snapshotter.applyDir("l1-extract").resolve("one"), "1");
		this.snapshotter.commit("l1", "l1-extract");
		this.snapshotter.prepare("l2-extract", "l1");
		write(this.snapshotter.applyDir("l2-extract").resolve("two"), "2");
		this.snapshotter.commit("l2", "l2-extract");
		Path view = Files.createDirectory(this.dir.resolve("view"));

		this.mounter.mount(this.snapshotter.view("look", "l2"), view);

		assertThat(names(view)).containsExactly("one", "two");
		assertThatThrownBy(() -> Files.writeString(view.resolve("refused"), "no"))
			.isInstanceOfAny(FileSystemException.class, AccessDeniedException.class);
		this.mounter.unmount(view);
		assertThat(this.mounter.isMounted(view)).isFalse();
	}

	private static void write(Path file, String content) throws IOException {
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

	private static List<String> names(Path dir) throws IOException {
		try (Stream<Path> children = Files.list(dir)) {
			return children.map((child) -> child.getFileName().toString()).sorted().toList();
		}
	}

}
