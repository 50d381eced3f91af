package dev.bulkhead.runtime.snapshots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.snapshots.Snapshotter.Info;
import dev.bulkhead.runtime.snapshots.Snapshotter.Kind;
import dev.bulkhead.runtime.sys.RecordingSyscalls;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OverlaySnapshotterTest extends SnapshotterContractTest {

	private static final Instant CREATED = Instant.parse("2024-05-06T07:08:09.123456Z");

	private final RecordingSyscalls syscalls = new RecordingSyscalls();

	@Override
	protected Snapshotter newSnapshotter(Path root) {
		return new OverlaySnapshotter(root, this.syscalls, Clock.fixed(CREATED, ZoneOffset.UTC));
	}

	@Test
	void aSnapshotWithoutParentIsABindMountOfItsOwnDirectory() {
		List<Mount> mounts = this.snapshotter.prepare("first", null);

		Path fs = this.snapshotter.applyDir("first");
		assertThat(fs.getFileName()).hasToString("fs");
		assertThat(fs.getParent().getParent()).isEqualTo(this.root);
		assertThat(mounts).containsExactly(new Mount("bind", fs.toString(), List.of("rbind", "rw")));
	}

	@Test
	void aContainerSnapshotStacksItsAncestorsNearestFirst() throws IOException {
		Path l1 = commitAndRemember("l1", null);
		Path l2 = commitAndRemember("l2", "l1");
		Path l3 = commitAndRemember("l3", "l2");

		List<Mount> mounts = this.snapshotter.prepare("container", "l3");

		Path upper = this.snapshotter.applyDir("container");
		Path work = upper.resolveSibling("work");
		assertThat(work).isDirectory();
		assertThat(mounts).containsExactly(new Mount("overlay", "overlay",
				List.of("lowerdir=" + l3 + ":" + l2 + ":" + l1, "upperdir=" + upper, "workdir=" + work)));
	}

	@Test
	void aViewOfASingleLayerIsAReadOnlyBindMountOfIt() throws IOException {
		Path l1 = commitAndRemember("l1", null);

		List<Mount> mounts = this.snapshotter.view("look", "l1");

		assertThat(mounts).containsExactly(new Mount("bind", l1.toString(), List.of("rbind", "ro")));
	}

	@Test
	void aViewOfAChainIsAnOverlayWithOnlyLowerDirectories() throws IOException {
		Path l1 = commitAndRemember("l1", null);
		Path l2 = commitAndRemember("l2", "l1");

		List<Mount> mounts = this.snapshotter.view("look", "l2");

		assertThat(mounts).containsExactly(new Mount("overlay", "overlay", List.of("lowerdir=" + l2 + ":" + l1)));
	}

	@Test
	void commitRemovesTheWorkDirectoryAndKeepsTheLayer() throws IOException {
		this.snapshotter.prepare("extract", null);
		Path fs = this.snapshotter.applyDir("extract");
		Files.writeString(fs.resolve("file"), "data");

		this.snapshotter.commit("layer", "extract");

		assertThat(fs.resolveSibling("work")).doesNotExist();
		assertThat(fs.resolve("file")).hasContent("data");
	}

	@Test
	void removeDeletesTheSnapshotDirectory() throws IOException {
		this.snapshotter.prepare("extract", null);
		Path fs = this.snapshotter.applyDir("extract");
		Files.createDirectories(fs.resolve("a/b"));
		Files.writeString(fs.resolve("a/b/c"), "data");

		this.snapshotter.remove("extract");

		assertThat(fs.getParent()).doesNotExist();
	}

	@Test
	void aNewInstanceReloadsTheSnapshotsFromDisk() throws IOException {
		Path l1 = commitAndRemember("l1", null);
		List<Mount> container = this.snapshotter.prepare("container", "l1");
		this.snapshotter.view("look", "l1");
		List<Info> before = this.snapshotter.list();

		Snapshotter reloaded = newSnapshotter(this.root);

		assertThat(reloaded.list()).isEqualTo(before);
		assertThat(reloaded.stat("l1").orElseThrow().created()).isEqualTo(CREATED);
		assertThat(reloaded.mounts("container")).isEqualTo(container);
		List<Mount> next = reloaded.prepare("another", "l1");
		assertThat(next.toString()).doesNotContain(reloaded.applyDir("container").toString());
		assertThat(l1).isDirectory();
	}

	@Test
	void startingRemovesDirectoriesThatHaveNoMetadata() throws IOException {
		commitAndRemember("kept", null);
		Path leftover = this.root.resolve("99/fs/etc");
		Files.createDirectories(leftover);
		Files.writeString(leftover.resolve("passwd"), "root");

		Snapshotter reloaded = newSnapshotter(this.root);

		assertThat(this.root.resolve("99")).doesNotExist();
		assertThat(reloaded.stat("kept")).isPresent();
		assertThat(reloaded.usage("kept").inodes()).isEqualTo(1);
	}

	@Test
	void refusesAChainWhoseOptionsExceedOnePage() {
		// Long directory names make a handful of layers enough to pass 4096 bytes.
		Path deepRoot = this.root.resolve("a".repeat(250)).resolve("b".repeat(250)).resolve("c".repeat(250));
		Snapshotter deep = newSnapshotter(deepRoot);
		String parent = null;
		int depth = 0;
		FailedPreconditionException refusal = null;
		while (refusal == null && depth < 10) {
			try {
				deep.prepare("extract" + depth, parent);
			}
			catch (FailedPreconditionException ex) {
				refusal = ex;
				break;
			}
			deep.commit("layer" + depth, "extract" + depth);
			parent = "layer" + depth;
			depth++;
		}

		assertThat(depth).isBetween(2, 5);
		assertThat(refusal).hasMessageContaining("too many layers").hasMessageContaining("4095");
		assertThat(deep.stat("extract" + depth)).isEmpty();
		assertThat(deep.list()).hasSize(depth);
		assertThat(deepRoot.resolve(Integer.toString(depth + 1))).doesNotExist();
	}

	@Test
	void refusesARootWithOverlayOptionSeparators() {
		assertThatThrownBy(() -> newSnapshotter(this.root.resolve("a,b"))).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("a,b");
	}

	@Test
	void refusesARootThatIsItselfOnOverlayfs() {
		RecordingSyscalls onOverlay = new RecordingSyscalls() {
			@Override
			public FilesystemStats statfs(Path path) {
				return new FilesystemStats(1, 1, 1, 0x794c7630L);
			}
		};

		assertThatThrownBy(() -> new OverlaySnapshotter(this.root.resolve("nested"), onOverlay))
			.isInstanceOf(FailedPreconditionException.class)
			.hasMessageContaining("overlayfs");
	}

	@Test
	void keysAreStoredByNameSoAViewAndItsParentKeepTheirKinds() throws IOException {
		commitAndRemember("l1", null);
		this.snapshotter.view("look", "l1");

		Snapshotter reloaded = newSnapshotter(this.root);

		assertThat(reloaded.stat("look").orElseThrow().kind()).isEqualTo(Kind.VIEW);
		assertThat(reloaded.stat("look").orElseThrow().parent()).isEqualTo("l1");
	}

	private Path commitAndRemember(String name, String parent) throws IOException {
		String active = name + "-extract";
		this.snapshotter.prepare(active, parent);
		Path fs = this.snapshotter.applyDir(active);
		Files.writeString(fs.resolve(name + ".txt"), name);
		this.snapshotter.commit(name, active);
		return fs;
	}

}
