package dev.bulkhead.backend.teams;

/**
 * The access rules, one method per verb, as pure decisions without I/O so that they can
 * be tested as a table. A resource of a team the caller is not in is
 * {@link Decision#HIDDEN hidden} (404), so that names do not leak; a resource the caller
 * can see but not act on is {@link Decision#FORBIDDEN forbidden} (403).
 */
public final class AccessPolicy {

	private AccessPolicy() {
	}

	/** Listing, inspecting, reading logs. */
	public static Decision inspectContainer(Caller caller, long owningTeam) {
		return onContainer(caller, owningTeam, TeamRole.VIEWER);
	}

	/** Start, stop, restart, kill, wait. */
	public static Decision operateContainer(Caller caller, long owningTeam) {
		return onContainer(caller, owningTeam, TeamRole.OPERATOR);
	}

	public static Decision removeContainer(Caller caller, long owningTeam) {
		return onContainer(caller, owningTeam, TeamRole.DEVELOPER);
	}

	/** Renaming a container of this team: a developer's change, as create and remove. */
	public static Decision renameContainer(Caller caller, long owningTeam) {
		return onContainer(caller, owningTeam, TeamRole.DEVELOPER);
	}

	/** Creating a container owned by this team. */
	public static Decision createContainer(Caller caller, long owningTeam) {
		return onContainer(caller, owningTeam, TeamRole.DEVELOPER);
	}

	/**
	 * Listing and inspecting a team's volumes; a volume without an owner is for
	 * administrators only.
	 */
	public static Decision readVolume(Caller caller, Long owningTeam) {
		return (owningTeam != null) ? onContainer(caller, owningTeam, TeamRole.VIEWER)
				: caller.admin() ? Decision.ALLOWED : Decision.HIDDEN;
	}

	/** Creating, removing and mounting a team's volumes. */
	public static Decision changeVolume(Caller caller, Long owningTeam) {
		return (owningTeam != null) ? onContainer(caller, owningTeam, TeamRole.DEVELOPER)
				: caller.admin() ? Decision.ALLOWED : Decision.HIDDEN;
	}

	/** Images are host-wide: anyone signed in may list and inspect them. */
	public static Decision readImages(Caller caller) {
		return Decision.ALLOWED;
	}

	/** Load, pull, delete: a developer in any team, or an administrator. */
	public static Decision changeImages(Caller caller) {
		if (caller.admin() || caller.roles().values().stream().anyMatch((role) -> role.includes(TeamRole.DEVELOPER))) {
			return Decision.ALLOWED;
		}
		return Decision.FORBIDDEN;
	}

	/**
	 * Seeing a network: a shared one (no owning team) everyone signed in, a team's one
	 * its members.
	 */
	public static Decision inspectNetwork(Caller caller, Long owningTeam) {
		return (owningTeam == null) ? Decision.ALLOWED : onContainer(caller, owningTeam, TeamRole.VIEWER);
	}

	/**
	 * Removing a network: a team's one its developers, a shared one (the default network)
	 * administrators only.
	 */
	public static Decision changeNetwork(Caller caller, Long owningTeam) {
		if (owningTeam == null) {
			return caller.admin() ? Decision.ALLOWED : Decision.FORBIDDEN;
		}
		return onContainer(caller, owningTeam, TeamRole.DEVELOPER);
	}

	private static Decision onContainer(Caller caller, long owningTeam, TeamRole needed) {
		if (caller.admin()) {
			return Decision.ALLOWED;
		}
		return caller.roleIn(owningTeam)
			.map((role) -> role.includes(needed) ? Decision.ALLOWED : Decision.FORBIDDEN)
			.orElse(Decision.HIDDEN);
	}

	/**
	 * The answer to one access question.
	 */
	public enum Decision {

		ALLOWED, FORBIDDEN, HIDDEN

	}

}
