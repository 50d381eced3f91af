package dev.bulkhead.backend.teams;

/**
 * A team's limits; {@code null} means unlimited.
 *
 * @param containers how many containers the team may have (created, running or exited)
 * @param memoryBytes the sum of their memory limits
 */
public record TeamQuota(Integer containers, Long memoryBytes) {

	static final TeamQuota UNLIMITED = new TeamQuota(null, null);

}
