package dev.bulkhead.backend.volumes;

import org.springframework.stereotype.Component;

import dev.bulkhead.backend.teams.Team;
import dev.bulkhead.backend.teams.TeamVolumeUsage;
import dev.bulkhead.runtime.volumes.Volume;
import dev.bulkhead.runtime.volumes.VolumeStore;

/**
 * The bytes a team's volumes take, counted against its volume quota: the size of every
 * volume (named or anonymous) the team owns, found by walking it.
 */
@Component
class TeamVolumeBytes implements TeamVolumeUsage {

	private final VolumeStore volumes;

	TeamVolumeBytes(VolumeStore volumes) {
		this.volumes = volumes;
	}

	@Override
	public long volumeBytesOf(Team team) {
		long total = 0;
		for (Volume volume : this.volumes.list()) {
			Volume.Owner owner = volume.owner();
			if (owner != null && owner.teamId() != null && owner.teamId() == team.id()) {
				total += this.volumes.sizeBytes(volume.name());
			}
		}
		return total;
	}

}
