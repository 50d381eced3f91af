package dev.bulkhead.backend.volumes;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.teams.Team;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.backend.teams.TeamQuotas;
import dev.bulkhead.backend.teams.VolumeAccess;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerManager;
import dev.bulkhead.runtime.containers.ContainerVolumes;
import dev.bulkhead.runtime.volumes.Volume;

/**
 * Volumes for every entry point. Each call first resolves the volume among those the
 * caller may see ({@link VolumeAccess}); a volume is removed only when no container uses
 * it.
 */
@Service
public class VolumeService {

	private final ContainerVolumes volumes;

	private final VolumeAccess access;

	private final TeamAccess teams;

	private final TeamQuotas quotas;

	VolumeService(ContainerManager containers, VolumeAccess access, TeamAccess teams, TeamQuotas quotas) {
		this.quotas = quotas;
		this.volumes = containers.volumes();
		this.access = access;
		this.teams = teams;
	}

	public List<Volume> list() {
		Predicate<Volume> visible = this.access.visible();
		return this.volumes.store().list().stream().filter(visible).toList();
	}

	public Volume get(String name) {
		return this.access.inspect(name);
	}

	/**
	 * Creates a volume owned by the named team ({@code null}: the caller's only team).
	 */
	public Volume create(String name, Map<String, String> labels, String team) {
		Team owner = this.access.teamForNewVolume(team);
		// A new volume is empty: it is refused only when the team's volumes already fill
		// its quota.
		return this.quotas.createVolumeWithin(owner, 0,
				() -> this.volumes.create(name, labels, new Volume.Owner(owner.id(), owner.name())));
	}

	/** Bytes the volume's files take, found by walking it. */
	public long sizeBytes(Volume volume) {
		return this.volumes.store().sizeBytes(volume.name());
	}

	public String mountpoint(Volume volume) {
		return this.volumes.store().mountpoint(volume.name()).toString();
	}

	/**
	 * The caller's containers that mount the volume; containers the caller cannot see are
	 * counted in {@link #hiddenUsers} but not named.
	 */
	public List<Container> users(Volume volume) {
		Predicate<String> visible = this.teams.visibleContainers();
		return this.volumes.users(volume.name()).stream().filter((c) -> visible.test(c.id())).toList();
	}

	public int hiddenUsers(Volume volume) {
		return this.volumes.users(volume.name()).size() - users(volume).size();
	}

	public void remove(String name, boolean force) {
		this.volumes.remove(this.access.change(name).name(), force);
	}

	/**
	 * Removes the unused volumes of the teams where the caller is a developer (every team
	 * for an administrator): anonymous ones, and named ones too with {@code all}.
	 */
	public ContainerVolumes.Pruned prune(boolean all) {
		this.access.requirePrune();
		return this.volumes.prune(this.access.changeable(), all);
	}

	/**
	 * Every volume the caller may see with its size and owner, for disk-usage reports
	 * ({@code system df}) and team quotas on volume bytes.
	 */
	public List<VolumeUsage> usage() {
		return list().stream()
			.map((v) -> new VolumeUsage(v.name(), (v.owner() != null) ? v.owner().teamId() : null,
					(v.owner() != null) ? v.owner().teamName() : null, v.anonymous(), sizeBytes(v),
					this.volumes.users(v.name()).size()))
			.toList();
	}

	/**
	 * One volume's disk use.
	 *
	 * @param teamId the owning team, or null
	 * @param containers how many containers (of any team) mount it
	 */
	public record VolumeUsage(String name, Long teamId, String teamName, boolean anonymous, long sizeBytes,
			int containers) {
	}

}
