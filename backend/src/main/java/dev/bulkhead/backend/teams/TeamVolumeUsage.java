package dev.bulkhead.backend.teams;

/**
 * How many bytes a team's volumes take: the hook the volumes feature implements (as a
 * bean) so that {@link TeamQuotas} can count volumes against the team's quota. Without
 * such a bean the server has no volumes and every team uses 0 bytes.
 */
@FunctionalInterface
public interface TeamVolumeUsage {

	/**
	 * The bytes the volumes owned by this team take (their sizes, or their limits when
	 * sizes are fixed at creation).
	 */
	long volumeBytesOf(Team team);

}
