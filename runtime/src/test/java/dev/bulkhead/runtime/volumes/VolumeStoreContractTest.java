package dev.bulkhead.runtime.volumes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link VolumeStore} must do; each implementation's test extends this.
 */
public abstract class VolumeStoreContractTest {

	/** A store over the same backing state each time it is called (a restart). */
	protected abstract VolumeStore store();

	@Test
	void aCreatedVolumeIsADirectoryWithARecordThatSurvivesARestart() {
		Volume made = store().create("pgdata", Map.of("app", "db"), new Volume.Owner(7L, "payments"));

		Volume read = store().get("pgdata");
		assertThat(read).isEqualTo(made);
		assertThat(read.driver()).isEqualTo("local");
		assertThat(read.owner()).isEqualTo(new Volume.Owner(7L, "payments"));
		assertThat(read.populated()).isFalse();
		assertThat(store().mountpoint("pgdata")).isDirectory();
		assertThat(store().list()).extracting(Volume::name).containsExactly("pgdata");
	}

	@Test
	void aSecondVolumeOfTheSameNameIsAConflict() {
		store().create("cache", null, null);

		assertThatThrownBy(() -> store().create("cache", null, null)).isInstanceOf(ConflictException.class)
			.hasMessageContaining("a volume named 'cache' already exists");
	}

	@Test
	void namesThatCouldEscapeTheVolumesDirectoryAreRefused() {
		for (String name : new String[] { "../etc", ".hidden", "a/b", "", "x".repeat(129) }) {
			assertThatThrownBy(() -> store().create(name, null, null)).as(name)
				.isInstanceOf(InvalidArgumentException.class)
				.hasMessageContaining("is not valid");
		}
		assertThat(store().find("../etc")).isEmpty();
	}

	@Test
	void anonymousVolumesHaveRandomHexNames() {
		Volume volume = store().createAnonymous(Map.of("dev.bulkhead.container", "abc"), null);

		assertThat(volume.name()).matches("[0-9a-f]{64}");
		assertThat(volume.anonymous()).isTrue();
		assertThat(volume.labels()).containsEntry("dev.bulkhead.container", "abc");
	}

	@Test
	void sizeCountsEveryFileOnceEvenWhenHardLinked() throws IOException {
		store().create("data", null, null);
		Path data = store().mountpoint("data");
		Files.createDirectories(data.resolve("sub"));
		Files.write(data.resolve("sub/a"), new byte[1000]);
		Files.write(data.resolve("b"), new byte[234]);
		Files.createLink(data.resolve("c"), data.resolve("b"));
		Files.createSymbolicLink(data.resolve("outside"), Path.of("/etc"));

		assertThat(store().sizeBytes("data"))
			.isEqualTo(1000 + 234 + Files.readSymbolicLink(data.resolve("outside")).toString().length());
	}

	@Test
	void removeDeletesTheDataAndFreesTheName() throws IOException {
		store().create("gone", null, null);
		Files.writeString(store().mountpoint("gone").resolve("f"), "x");

		store().remove("gone");

		assertThat(store().find("gone")).isEmpty();
		assertThatThrownBy(() -> store().get("gone")).isInstanceOf(NotFoundException.class);
		assertThat(store().create("gone", null, null).name()).isEqualTo("gone");
	}

	@Test
	void populatedIsRecorded() {
		store().create("seeded", null, null);

		store().markPopulated("seeded");

		assertThat(store().get("seeded").populated()).isTrue();
	}

}
