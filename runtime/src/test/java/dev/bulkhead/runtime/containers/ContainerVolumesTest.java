package dev.bulkhead.runtime.containers;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.volumes.LocalVolumeStore;
import dev.bulkhead.runtime.volumes.Volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerVolumesTest {

	@TempDir
	Path temp;

	private final JsonMapper json = JsonMapper.builder().build();

	private LocalVolumeStore volumes;

	private ContainerStore containers;

	private ContainerVolumes usage() {
		this.volumes = new LocalVolumeStore(this.temp.resolve("data"), this.json);
		this.containers = new ContainerStore(this.temp.resolve("data/containers"), this.json);
		return new ContainerVolumes(this.volumes, this.containers);
	}

	private Container save(String name, ContainerState state, MountSpec... mounts) {
		String id = String.valueOf((char) ('a' + this.containers.list().size())).repeat(64);
		Container container = new Container(id, name, "busybox", "sha256:x",
				new ContainerConfig(name, "busybox", null, List.of("sh"), null, null, null, null, null, null, null,
						null, null, null, null, null, List.of(mounts), null),
				state, Instant.now(), null, null, null, false, false, null, null, null);
		this.containers.save(container);
		return container;
	}

	private static MountSpec volume(String name) {
		return new MountSpec("volume", name, "/data", null, null, null);
	}

	@Test
	void aVolumeIsRefusedWhileAnyContainerNamesItAndForceNeverTakesItFromARunningOne() {
		ContainerVolumes usage = usage();
		this.volumes.create("db", null, null);
		save("stopped-user", ContainerState.EXITED, volume("db"));
		Container running = save("running-user", ContainerState.RUNNING, volume("db"));

		assertThatThrownBy(() -> usage.remove("db", true)).isInstanceOf(ConflictException.class)
			.hasMessageContaining("in use by running container(s) [running-user]");
		this.containers.forget(running.id());
		assertThatThrownBy(() -> usage.remove("db", false)).isInstanceOf(ConflictException.class)
			.hasMessageContaining("in use by container(s) [stopped-user]; remove those containers first");
		usage.remove("db", true);
		assertThat(this.volumes.find("db")).isEmpty();
	}

	@Test
	void pruneTakesUnusedAnonymousVolumesAndNamedOnesOnlyWhenAsked() {
		ContainerVolumes usage = usage();
		Volume anonymous = this.volumes.createAnonymous(Map.of(), null);
		Volume usedAnonymous = this.volumes.createAnonymous(Map.of(), null);
		this.volumes.create("named", null, null);
		this.volumes.create("other-team", null, new Volume.Owner(9L, "other"));
		save("user", ContainerState.CREATED, volume(usedAnonymous.name()));

		assertThat(usage.prune((v) -> v.owner() == null, false).volumes()).containsExactly(anonymous.name());
		assertThat(usage.prune((v) -> v.owner() == null, true).volumes()).containsExactly("named");
		assertThat(this.volumes.list()).extracting(Volume::name)
			.containsExactlyInAnyOrder(usedAnonymous.name(), "other-team");
	}

	@Test
	void aRemovedContainersAnonymousVolumesGoUnlessAnotherContainerUsesThem() {
		ContainerVolumes usage = usage();
		Volume own = this.volumes.createAnonymous(Map.of(), null);
		Volume shared = this.volumes.createAnonymous(Map.of(), null);
		this.volumes.create("named", null, null);
		Container removed = save("removed", ContainerState.EXITED, volume(own.name()), volume(shared.name()),
				volume("named"));
		save("sharer", ContainerState.EXITED, volume(shared.name()));

		usage.removeAnonymous(removed);

		assertThat(this.volumes.list()).extracting(Volume::name).containsExactlyInAnyOrder(shared.name(), "named");
	}

	@Test
	void aVolumeReservedByAContainerBeingCreatedIsNeitherRemovedNorPruned() {
		ContainerVolumes usage = usage();
		Volume anonymous = this.volumes.createAnonymous(Map.of(), null);
		this.volumes.create("fresh", null, null);
		usage.reserve("new-container",
				() -> new ContainerMounts.Prepared(List.of(volume("fresh"), volume(anonymous.name())),
						List.of("fresh", anonymous.name())));

		assertThatThrownBy(() -> usage.remove("fresh", true)).isInstanceOf(ConflictException.class)
			.hasMessageContaining("being mounted by a container that is being created");
		assertThat(usage.prune((v) -> true, true).volumes()).isEmpty();
		usage.release("new-container");
		assertThat(usage.prune((v) -> true, true).volumes()).hasSize(2);
	}

}
