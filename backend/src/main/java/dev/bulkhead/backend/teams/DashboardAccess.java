package dev.bulkhead.backend.teams;

import java.util.Optional;

import dev.bulkhead.backend.teams.AccessPolicy.Decision;

import org.springframework.stereotype.Component;

/**
 * What the signed-in user's roles allow, asked by the dashboard's templates so that a
 * page shows only the controls its reader may use. It decides with the same
 * {@link AccessPolicy} that the server enforces (which still refuses whatever is sent
 * anyway), and records nothing: it is a question, not a refused request.
 */
@Component("dashboardAccess")
public class DashboardAccess {

	private final TeamAccess access;

	private final TeamRepository teams;

	DashboardAccess(TeamAccess access, TeamRepository teams) {
		this.access = access;
		this.teams = teams;
	}

	/** Start, stop, restart, terminal of the container (by full id). */
	public boolean canOperate(String containerId) {
		return onContainer(containerId, AccessPolicy::operateContainer);
	}

	/** Remove and rename of the container (by full id): the developer role. */
	public boolean canDevelop(String containerId) {
		return onContainer(containerId, AccessPolicy::removeContainer);
	}

	/** Whether the user is an operator (or more) in some team, or an administrator. */
	public boolean canOperateAny() {
		Caller caller = this.access.caller();
		return caller.admin() || caller.roles().values().stream().anyMatch((r) -> r.includes(TeamRole.OPERATOR));
	}

	/**
	 * Whether the user is a developer in some team (or an administrator): create
	 * containers, networks and volumes, and change images.
	 */
	public boolean canDevelopAny() {
		return AccessPolicy.changeImages(this.access.caller()) == Decision.ALLOWED;
	}

	/** Load, pull, import, tag, remove and prune images. */
	public boolean canChangeImages() {
		return canDevelopAny();
	}

	/** Removing a network owned by the named team (null: a shared network). */
	public boolean canChangeNetwork(String owningTeam) {
		return AccessPolicy.changeNetwork(this.access.caller(), teamId(owningTeam)) == Decision.ALLOWED;
	}

	/** Removing a volume owned by the named team (null: a volume without an owner). */
	public boolean canChangeVolume(String owningTeam) {
		return AccessPolicy.changeVolume(this.access.caller(), teamId(owningTeam)) == Decision.ALLOWED;
	}

	private boolean onContainer(String containerId, java.util.function.BiFunction<Caller, Long, Decision> rule) {
		Caller caller = this.access.caller();
		if (caller.admin()) {
			return true;
		}
		Optional<Long> owner = this.teams.ownerOf(containerId);
		return owner.isPresent() && rule.apply(caller, owner.get()) == Decision.ALLOWED;
	}

	private Long teamId(String teamName) {
		if (teamName == null) {
			return null;
		}
		return this.teams.findTeam(teamName).map(Team::id).orElse(-1L);
	}

}
