package dev.bulkhead.backend.volumes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.backend.teams.Team;
import dev.bulkhead.runtime.volumes.LocalVolumeStore;
import dev.bulkhead.runtime.volumes.Volume;

import static org.assertj.core.api.Assertions.assertThat;

class TeamVolumeBytesTest {

	@TempDir
	Path root;

	@Test
	void countsTheBytesOfEveryVolumeTheTeamOwnsAndNoOtherTeams() throws IOException {
		LocalVolumeStore store = new LocalVolumeStore(this.root, JsonMapper.builder().build());
		Team alpha = new Team(1, "alpha");
		Volume data = store.create("alpha-data", Map.of(), new Volume.Owner(1L, "alpha"));
		Volume anonymous = store.createAnonymous(Map.of(), new Volume.Owner(1L, "alpha"));
		Volume other = store.create("beta-data", Map.of(), new Volume.Owner(2L, "beta"));
		Files.write(store.mountpoint(data.name()).resolve("a"), new byte[3000]);
		Files.write(store.mountpoint(anonymous.name()).resolve("b"), new byte[500]);
		Files.write(store.mountpoint(other.name()).resolve("c"), new byte[7000]);

		TeamVolumeBytes usage = new TeamVolumeBytes(store);

		assertThat(usage.volumeBytesOf(alpha)).isEqualTo(3500);
		assertThat(usage.volumeBytesOf(new Team(2, "beta"))).isEqualTo(7000);
		assertThat(usage.volumeBytesOf(new Team(3, "gamma"))).isZero();
	}

}
