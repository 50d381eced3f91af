package dev.bulkhead.runtime.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.volumes.Volume;
import dev.bulkhead.runtime.volumes.VolumeStore;

/**
 * Volumes as containers use them: which containers reference a volume, and removal and
 * pruning that refuse to take a volume from a container. A volume counts as used by every
 * container whose configuration names it, running or not, as in Docker. A container being
 * created reserves the volumes it mounts until its record is saved, so a volume cannot be
 * removed or pruned between the create's check and its record.
 */
public final class ContainerVolumes {

	/** Label on anonymous volumes: the id of the container they were made for. */
	public static final String CONTAINER_LABEL = "dev.bulkhead.container";

	private final VolumeStore volumes;

	private final ContainerStore containers;

	private final Map<String, List<String>> reserved = new java.util.HashMap<>();

	ContainerVolumes(VolumeStore volumes, ContainerStore containers) {
		this.volumes = volumes;
		this.containers = containers;
	}

	public VolumeStore store() {
		return this.volumes;
	}

	public synchronized Volume create(String name, Map<String, String> labels, Volume.Owner owner) {
		return this.volumes.create(name, labels, owner);
	}

	/** The containers, running or not, whose mounts name the volume. */
	public List<Container> users(String name) {
		return this.containers.list().stream().filter((c) -> mounts(c, name)).toList();
	}

	/**
	 * Removes a volume no container uses. With {@code force}, containers that are not
	 * running do not hold it (they fail to start afterwards, saying the volume is gone);
	 * a running one always does.
	 */
	public synchronized void remove(String name, boolean force) {
		Volume volume = this.volumes.get(name);
		if (isReserved(volume.name())) {
			throw new ConflictException("volume '" + name + "' is being mounted by a container that is being created; "
					+ "try again in a moment");
		}
		List<Container> users = users(volume.name());
		List<String> running = users.stream().filter(Container::isRunning).map(Container::name).toList();
		if (!running.isEmpty()) {
			throw new ConflictException("volume '" + name + "' is in use by running container(s) " + running
					+ "; stop and remove them first");
		}
		if (!users.isEmpty() && !force) {
			throw new ConflictException("volume '" + name + "' is in use by container(s) "
					+ users.stream().map(Container::name).toList() + "; remove those containers first");
		}
		this.volumes.remove(volume.name());
	}

	/**
	 * Removes every volume that no container uses and that {@code eligible} accepts;
	 * named volumes only when {@code includeNamed} (Docker prunes only anonymous ones by
	 * default).
	 */
	public synchronized Pruned prune(Predicate<Volume> eligible, boolean includeNamed) {
		List<String> removed = new ArrayList<>();
		long bytes = 0;
		for (Volume volume : this.volumes.list()) {
			if ((volume.anonymous() || includeNamed) && eligible.test(volume) && users(volume.name()).isEmpty()
					&& !isReserved(volume.name())) {
				long size = this.volumes.sizeBytes(volume.name());
				this.volumes.remove(volume.name());
				removed.add(volume.name());
				bytes += size;
			}
		}
		return new Pruned(List.copyOf(removed), bytes);
	}

	/**
	 * Runs {@code prepare} (which makes the volumes a new container needs) and keeps its
	 * volumes from removal until {@link #release} for that container.
	 */
	synchronized ContainerMounts.Prepared reserve(String containerId,
			java.util.function.Supplier<ContainerMounts.Prepared> prepare) {
		ContainerMounts.Prepared prepared = prepare.get();
		this.reserved.put(containerId,
				prepared.mounts()
					.stream()
					.filter((m) -> MountSpec.VOLUME.equals(m.type()))
					.map(MountSpec::source)
					.toList());
		return prepared;
	}

	synchronized void release(String containerId) {
		this.reserved.remove(containerId);
	}

	private boolean isReserved(String volume) {
		return this.reserved.values().stream().anyMatch((names) -> names.contains(volume));
	}

	/**
	 * Removes the anonymous volumes of a removed container that no other container uses.
	 */
	synchronized void removeAnonymous(Container removed) {
		for (MountSpec mount : removed.config().mounts()) {
			if (!MountSpec.VOLUME.equals(mount.type()) || mount.source() == null) {
				continue;
			}
			this.volumes.find(mount.source())
				.filter(Volume::anonymous)
				.filter((v) -> users(v.name()).stream().allMatch((c) -> c.id().equals(removed.id())))
				.ifPresent((v) -> this.volumes.remove(v.name()));
		}
	}

	private static boolean mounts(Container container, String volume) {
		return container.config()
			.mounts()
			.stream()
			.anyMatch((m) -> MountSpec.VOLUME.equals(m.type()) && volume.equals(m.source()));
	}

	/**
	 * What a prune removed.
	 *
	 * @param volumes the names of the removed volumes
	 * @param reclaimedBytes the sum of their sizes
	 */
	public record Pruned(List<String> volumes, long reclaimedBytes) {
	}

}
