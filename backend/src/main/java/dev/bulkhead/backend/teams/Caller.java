package dev.bulkhead.backend.teams;

import java.util.Map;
import java.util.Optional;

/**
 * Who is asking, as the access policy sees it: a global administrator flag and a role per
 * team (by team id).
 *
 * @param username for messages and the audit trail
 * @param admin a global administrator may do anything
 * @param roles the caller's role in each of their teams
 */
public record Caller(String username, boolean admin, Map<Long, TeamRole> roles) {

	public Caller {
		roles = Map.copyOf(roles);
	}

	public Optional<TeamRole> roleIn(long teamId) {
		return Optional.ofNullable(this.roles.get(teamId));
	}

	public boolean isMemberOf(long teamId) {
		return this.roles.containsKey(teamId);
	}

}
