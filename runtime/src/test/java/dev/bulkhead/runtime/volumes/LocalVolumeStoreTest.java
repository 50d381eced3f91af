package dev.bulkhead.runtime.volumes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class LocalVolumeStoreTest extends VolumeStoreContractTest {

	@TempDir
	Path dataRoot;

	private final JsonMapper json = JsonMapper.builder().build();

	@Override
	protected LocalVolumeStore store() {
		return new LocalVolumeStore(this.dataRoot, this.json);
	}

	@Test
	void aVolumeLivesUnderTheDataRoot() {
		store().create("pgdata", null, null);

		assertThat(store().mountpoint("pgdata")).isEqualTo(this.dataRoot.resolve("volumes/pgdata/_data"));
		assertThat(this.dataRoot.resolve("volumes/pgdata/volume.json")).isRegularFile();
	}

	@Test
	void aHalfMadeVolumeWithoutARecordIsNotListed() throws IOException {
		Files.createDirectories(this.dataRoot.resolve("volumes/broken/_data"));

		assertThat(store().list()).isEmpty();
	}

	@Test
	void aRemovalCutShortIsFinishedAtTheNextStart() throws IOException {
		Files.createDirectories(this.dataRoot.resolve("volumes/.removing-old/_data/sub"));

		store();

		assertThat(this.dataRoot.resolve("volumes/.removing-old")).doesNotExist();
	}

}
