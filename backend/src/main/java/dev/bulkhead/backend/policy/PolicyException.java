package dev.bulkhead.backend.policy;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bulkhead.runtime.containers.AppliedException;

/**
 * One granted exception as the API shows it.
 *
 * @param id the grant's id
 * @param relaxation what it allows, e.g. {@code cap-add:SYS_PTRACE}
 * @param team the team it is granted to, or {@code null}
 * @param containerName the container name it is granted to, or {@code null} (with a team
 * as well, only that name in that team)
 * @param reason why it was granted
 * @param grantedBy the admin who granted it
 * @param grantedAt when
 * @param expiresAt from then on it admits no new container
 * @param active not yet expired
 */
public record PolicyException(long id, String relaxation, String team, String containerName, String reason,
		String grantedBy, Instant grantedAt, Instant expiresAt, boolean active) {

	/** Whom it is granted to, in words: {@code team:alpha}, {@code container:web}. */
	@JsonProperty("grantedTo")
	public String grantedTo() {
		if (this.team != null && this.containerName != null) {
			return "container:" + this.containerName + " in team:" + this.team;
		}
		return (this.team != null) ? "team:" + this.team : "container:" + this.containerName;
	}

	AppliedException applied() {
		return new AppliedException(this.id, this.relaxation, grantedTo(), this.reason, this.grantedBy, this.expiresAt);
	}

}
