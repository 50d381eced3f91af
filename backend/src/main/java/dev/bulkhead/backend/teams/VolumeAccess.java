package dev.bulkhead.backend.teams;

import java.util.List;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.audit.AuditTrail;
import dev.bulkhead.backend.teams.AccessPolicy.Decision;
import dev.bulkhead.runtime.containers.MountSpec;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.volumes.Volume;
import dev.bulkhead.runtime.volumes.VolumeStore;

/**
 * The {@link AccessPolicy} applied to volumes, which record their owning team themselves:
 * another team's volume is answered exactly as a volume that does not exist (404), and a
 * container may mount only volumes of its own team.
 */
@Service
public class VolumeAccess {

	private static final String NOT_VISIBLE = "no volume named '%s' among the volumes you can see; "
			+ "list them with GET /api/v1/volumes";

	private final TeamAccess access;

	private final VolumeStore volumes;

	VolumeAccess(TeamAccess access, VolumeStore volumes) {
		this.access = access;
		this.volumes = volumes;
	}

	/** Which volumes the caller may see. */
	public Predicate<Volume> visible() {
		Caller caller = this.access.caller();
		return (volume) -> AccessPolicy.readVolume(caller, teamOf(volume)) == Decision.ALLOWED;
	}

	/** Which volumes the caller may remove (and so prune). */
	public Predicate<Volume> changeable() {
		Caller caller = this.access.caller();
		return (volume) -> AccessPolicy.changeVolume(caller, teamOf(volume)) == Decision.ALLOWED;
	}

	/** A volume the caller may see; 404 otherwise. */
	public Volume inspect(String name) {
		Caller caller = this.access.caller();
		return this.volumes.find(name)
			.filter((v) -> AccessPolicy.readVolume(caller, teamOf(v)) == Decision.ALLOWED)
			.orElseThrow(() -> denied(new NotFoundException(NOT_VISIBLE.formatted(name))));
	}

	/** A volume the caller may remove: 404 if they cannot see it, 403 if only see. */
	public Volume change(String name) {
		Volume volume = inspect(name);
		Caller caller = this.access.caller();
		if (AccessPolicy.changeVolume(caller, teamOf(volume)) != Decision.ALLOWED) {
			throw denied(new ForbiddenException("your role in team '" + volume.owner().teamName()
					+ "' does not allow you to change volume '" + name + "'; it needs the developer role"));
		}
		return volume;
	}

	/** Pruning needs the developer role in some team (it then prunes only there). */
	public void requirePrune() {
		this.access.requireSharedResourceChange("pruning volumes");
	}

	/** The team a new volume belongs to (see {@link TeamAccess#teamForNewVolume}). */
	public Team teamForNewVolume(String teamName) {
		return this.access.teamForNewVolume(teamName);
	}

	/**
	 * Checks that a container owned by {@code team} may mount the existing volumes it
	 * names: they must belong to that team. Volumes that do not exist yet are made for
	 * the team at create.
	 */
	public void requireMountable(List<MountSpec> mounts, Team team) {
		for (MountSpec mount : mounts) {
			if (!MountSpec.VOLUME.equals(mount.type()) || mount.source() == null || mount.source().isBlank()) {
				continue;
			}
			String name = mount.source().strip();
			if (this.volumes.find(name).isEmpty()) {
				continue;
			}
			Volume volume = inspect(name);
			Long owner = teamOf(volume);
			if (owner == null || owner != team.id()) {
				throw denied(new ForbiddenException("volume '" + name + "' belongs to "
						+ ((owner == null) ? "no team" : "team '" + volume.owner().teamName() + "'")
						+ "; a container of team '" + team.name() + "' can mount only its own team's volumes"));
			}
		}
	}

	private static Long teamOf(Volume volume) {
		return (volume.owner() != null) ? volume.owner().teamId() : null;
	}

	private static <E extends RuntimeException> E denied(E refusal) {
		AuditTrail.markDenied(refusal.getMessage());
		return refusal;
	}

}
