package dev.bulkhead.runtime.snapshots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.snapshots.Snapshotter.Info;
import dev.bulkhead.runtime.snapshots.Snapshotter.Kind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every {@link Snapshotter} must do, whatever its storage: the verbs, their
 * preconditions and their errors. Implementations extend this with a factory.
 */
abstract class SnapshotterContractTest {

	@TempDir
	Path root;

	Snapshotter snapshotter;

	protected abstract Snapshotter newSnapshotter(Path root);

	@BeforeEach
	void createSnapshotter() {
		this.snapshotter = newSnapshotter(this.root);
	}

	/** Prepares {@code key} on {@code parent}, writes the files given and commits it. */
	protected void commitLayer(String name, String parent, String... pathsAndContents) throws IOException {
		String active = name + "-extract";
		this.snapshotter.prepare(active, parent);
		Path dir = this.snapshotter.applyDir(active);
		for (int i = 0; i < pathsAndContents.length; i += 2) {
			Path file = dir.resolve(pathsAndContents[i]);
			Files.createDirectories(file.getParent());
			Files.writeString(file, pathsAndContents[i + 1]);
		}
		this.snapshotter.commit(name, active);
	}

	@Test
	void prepareCreatesAnActiveSnapshotWithItsParent() throws IOException {
		commitLayer("base", null);

		this.snapshotter.prepare("container", "base");

		Info info = this.snapshotter.stat("container").orElseThrow();
		assertThat(info.name()).isEqualTo("container");
		assertThat(info.parent()).isEqualTo("base");
		assertThat(info.kind()).isEqualTo(Kind.ACTIVE);
		assertThat(info.created()).isNotNull();
	}

	@Test
	void commitReplacesTheActiveKeyWithACommittedName() {
		this.snapshotter.prepare("extract", null);

		this.snapshotter.commit("layer", "extract");

		assertThat(this.snapshotter.stat("extract")).isEmpty();
		assertThat(this.snapshotter.stat("layer").orElseThrow().kind()).isEqualTo(Kind.COMMITTED);
	}

	@Test
	void commitKeepsTheFilesWrittenToTheApplyDirectory() throws IOException {
		commitLayer("base", null, "etc/hostname", "box");

		assertThat(this.snapshotter.usage("base").bytes()).isEqualTo(3);
	}

	@Test
	void prepareRefusesADuplicateKey() {
		this.snapshotter.prepare("same", null);

		assertThatThrownBy(() -> this.snapshotter.prepare("same", null)).isInstanceOf(ConflictException.class)
			.hasMessageContaining("same");
	}

	@Test
	void viewRefusesAKeyUsedByACommittedSnapshot() throws IOException {
		commitLayer("base", null);

		assertThatThrownBy(() -> this.snapshotter.view("base", null)).isInstanceOf(ConflictException.class);
	}

	@Test
	void prepareRefusesAnUnknownParent() {
		assertThatThrownBy(() -> this.snapshotter.prepare("child", "missing")).isInstanceOf(NotFoundException.class)
			.hasMessageContaining("missing");
		assertThat(this.snapshotter.stat("child")).isEmpty();
	}

	@Test
	void prepareRefusesAnActiveParent() {
		this.snapshotter.prepare("unfinished", null);

		assertThatThrownBy(() -> this.snapshotter.prepare("child", "unfinished"))
			.isInstanceOf(FailedPreconditionException.class)
			.hasMessageContaining("unfinished");
	}

	@Test
	void commitRefusesAnExistingName() throws IOException {
		commitLayer("taken", null);
		this.snapshotter.prepare("extract", null);

		assertThatThrownBy(() -> this.snapshotter.commit("taken", "extract")).isInstanceOf(ConflictException.class);
		assertThat(this.snapshotter.stat("extract").orElseThrow().kind()).isEqualTo(Kind.ACTIVE);
	}

	@Test
	void commitRefusesASnapshotThatIsNotActive() throws IOException {
		commitLayer("base", null);
		this.snapshotter.view("look", "base");

		assertThatThrownBy(() -> this.snapshotter.commit("again", "base"))
			.isInstanceOf(FailedPreconditionException.class);
		assertThatThrownBy(() -> this.snapshotter.commit("frozen", "look"))
			.isInstanceOf(FailedPreconditionException.class);
		assertThatThrownBy(() -> this.snapshotter.commit("x", "missing")).isInstanceOf(NotFoundException.class);
	}

	@Test
	void removeRefusesASnapshotWithChildrenAndNamesThem() throws IOException {
		commitLayer("base", null);
		this.snapshotter.prepare("container-a", "base");
		this.snapshotter.view("viewer", "base");

		assertThatThrownBy(() -> this.snapshotter.remove("base")).isInstanceOf(ConflictException.class)
			.hasMessageContaining("container-a")
			.hasMessageContaining("viewer");

		this.snapshotter.remove("container-a");
		this.snapshotter.remove("viewer");
		this.snapshotter.remove("base");
		assertThat(this.snapshotter.list()).isEmpty();
	}

	@Test
	void removeRefusesAnUnknownKey() {
		assertThatThrownBy(() -> this.snapshotter.remove("ghost")).isInstanceOf(NotFoundException.class)
			.hasMessageContaining("ghost");
	}

	@Test
	void applyDirIsAWritableDirectoryOnlyForActiveSnapshots() throws IOException {
		commitLayer("base", null);
		this.snapshotter.prepare("extract", "base");

		Path dir = this.snapshotter.applyDir("extract");

		assertThat(dir).isDirectory().isWritable();
		assertThatThrownBy(() -> this.snapshotter.applyDir("base")).isInstanceOf(FailedPreconditionException.class);
		assertThatThrownBy(() -> this.snapshotter.applyDir("nope")).isInstanceOf(NotFoundException.class);
	}

	@Test
	void mountsRepeatWhatPrepareAndViewReturned() throws IOException {
		commitLayer("base", null);
		List<Mount> prepared = this.snapshotter.prepare("rootfs", "base");
		List<Mount> viewed = this.snapshotter.view("look", "base");

		assertThat(prepared).isNotEmpty();
		assertThat(this.snapshotter.mounts("rootfs")).isEqualTo(prepared);
		assertThat(this.snapshotter.mounts("look")).isEqualTo(viewed);
		assertThatThrownBy(() -> this.snapshotter.mounts("base")).isInstanceOf(FailedPreconditionException.class);
		assertThatThrownBy(() -> this.snapshotter.mounts("ghost")).isInstanceOf(NotFoundException.class);
	}

	@Test
	void usageCountsOnlyTheSnapshotsOwnLayer() throws IOException {
		commitLayer("base", null, "bin/tool", "0123456789", "etc/config", "01234567890123456789");
		this.snapshotter.prepare("container", "base");
		Files.writeString(this.snapshotter.applyDir("container").resolve("log"), "12345");

		assertThat(this.snapshotter.usage("base")).isEqualTo(new Snapshotter.Usage(30, 4));
		assertThat(this.snapshotter.usage("container")).isEqualTo(new Snapshotter.Usage(5, 1));
		assertThatThrownBy(() -> this.snapshotter.usage("ghost")).isInstanceOf(NotFoundException.class);
	}

	@Test
	void listShowsEverySnapshotWithItsKind() throws IOException {
		commitLayer("base", null);
		this.snapshotter.prepare("container", "base");
		this.snapshotter.view("viewer", "base");

		assertThat(this.snapshotter.list()).extracting(Info::name, Info::kind)
			.containsExactlyInAnyOrder(tuple("base", Kind.COMMITTED), tuple("container", Kind.ACTIVE),
					tuple("viewer", Kind.VIEW));
	}

	@Test
	void statOfAnUnknownKeyIsEmpty() {
		assertThat(this.snapshotter.stat("ghost")).isEmpty();
	}

}
