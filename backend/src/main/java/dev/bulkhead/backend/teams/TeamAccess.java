package dev.bulkhead.backend.teams;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import dev.bulkhead.backend.audit.AuditTrail;
import dev.bulkhead.backend.auth.BulkheadUser;
import dev.bulkhead.backend.teams.AccessPolicy.Decision;
import dev.bulkhead.backend.teams.TeamRepository.OwnedContainer;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * Applies the {@link AccessPolicy} to the signed-in caller, for every entry point (API,
 * dashboard, later the Docker-compatible API): it resolves a container name or id only
 * among the containers the caller may see, and turns refusals into the domain errors (404
 * for what the caller may not see, 403 for what they may see but not do). Every refusal
 * is marked for the audit trail.
 */
@Service
public class TeamAccess {

	private static final String NOT_VISIBLE = "no container named or with id '%s' among the containers you can see; "
			+ "list them with GET /api/v1/containers";

	private final TeamRepository teams;

	TeamAccess(TeamRepository teams) {
		this.teams = teams;
	}

	/**
	 * The signed-in caller with their roles. Fails closed when nobody is signed in.
	 */
	public Caller caller() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof BulkheadUser user)) {
			throw denied(new ForbiddenException("sign in first: containers and images need an authenticated user"));
		}
		return new Caller(user.username(), user.admin(), this.teams.rolesOf(user.id()));
	}

	/** Resolves a container for list, inspect or logs; returns its full id. */
	public String inspectContainer(String idOrName) {
		return resolve(idOrName, AccessPolicy::inspectContainer, "inspect");
	}

	/** Resolves a container for start, stop, restart, kill or wait. */
	public String operateContainer(String idOrName) {
		return resolve(idOrName, AccessPolicy::operateContainer, "start, stop or kill");
	}

	/** Resolves a container for a rename. */
	public String renameContainer(String idOrName) {
		return resolve(idOrName, AccessPolicy::renameContainer, "rename");
	}

	/** Keeps the owner's record of a renamed container's name current. */
	public void recordRename(String containerId, String newName) {
		this.teams.renameOwned(containerId, newName);
	}

	/** Resolves a container for removal. */
	public String removeContainer(String idOrName) {
		return resolve(idOrName, AccessPolicy::removeContainer, "remove");
	}

	/**
	 * Resolves a container for a change of its networks (connect, disconnect): the
	 * developer role, as for creating it.
	 */
	public String configureContainer(String idOrName) {
		return resolve(idOrName, AccessPolicy::removeContainer, "connect or disconnect");
	}

	/**
	 * Which containers (by full id) the caller may see in a list.
	 */
	public Predicate<String> visibleContainers() {
		Caller caller = caller();
		if (caller.admin()) {
			return (id) -> true;
		}
		Map<String, Long> owners = this.teams.allOwners();
		return (id) -> {
			Long team = owners.get(id);
			return team != null && AccessPolicy.inspectContainer(caller, team) == Decision.ALLOWED;
		};
	}

	/**
	 * The team a new container will belong to: the one named, or the caller's only team.
	 * The caller must be a developer there (or an administrator).
	 */
	public Team teamForNewContainer(String teamName) {
		Caller caller = caller();
		Team team = (teamName == null || teamName.isBlank()) ? onlyTeamOf(caller) : namedTeam(caller, teamName.strip());
		Decision decision = AccessPolicy.createContainer(caller, team.id());
		if (decision == Decision.HIDDEN) {
			throw denied(teamNotFound(teamName));
		}
		if (decision == Decision.FORBIDDEN) {
			throw denied(new ForbiddenException(
					"creating containers in team '" + team.name() + "' needs the developer role; your role there is "
							+ caller.roleIn(team.id()).orElseThrow().wireName() + "; ask an administrator"));
		}
		return team;
	}

	/**
	 * The team a new volume will belong to: the one named, or the caller's only team. The
	 * caller must be a developer there (or an administrator).
	 */
	public Team teamForNewVolume(String teamName) {
		Caller caller = caller();
		Team team = (teamName == null || teamName.isBlank()) ? onlyTeamOf(caller) : namedTeam(caller, teamName.strip());
		if (AccessPolicy.changeVolume(caller, team.id()) == Decision.FORBIDDEN) {
			throw denied(new ForbiddenException(
					"creating volumes in team '" + team.name() + "' needs the developer role; your role there is "
							+ caller.roleIn(team.id()).orElseThrow().wireName() + "; ask an administrator"));
		}
		return team;
	}

	/**
	 * The team a new network will belong to: the one named, or the caller's only team;
	 * the caller must be a developer there (or an administrator).
	 */
	public Team teamForNewNetwork(String teamName) {
		Caller caller = caller();
		Team team = (teamName == null || teamName.isBlank()) ? onlyTeamOf(caller) : namedTeam(caller, teamName.strip());
		if (AccessPolicy.createContainer(caller, team.id()) != Decision.ALLOWED) {
			throw denied(new ForbiddenException(
					"creating networks in team '" + team.name() + "' needs the developer role; ask an administrator"));
		}
		return team;
	}

	/**
	 * Whether the caller may see a network owned by the named team (null: shared by all).
	 */
	public boolean canSeeNetwork(String owningTeam) {
		Caller caller = caller();
		return AccessPolicy.inspectNetwork(caller, teamId(owningTeam)) == Decision.ALLOWED;
	}

	/** Whether the caller is an administrator. */
	public boolean isAdmin() {
		return caller().admin();
	}

	/**
	 * Refuses the removal of a network the caller may see but not change (another role,
	 * or a shared network and the caller is not an administrator).
	 */
	public void requireNetworkChange(String networkName, String owningTeam) {
		Caller caller = caller();
		if (AccessPolicy.changeNetwork(caller, teamId(owningTeam)) != Decision.ALLOWED) {
			throw denied(new ForbiddenException((owningTeam == null)
					? "network '" + networkName + "' is shared by every team; only an administrator may change it"
					: "changing network '" + networkName + "' needs the developer role in team '" + owningTeam
							+ "'; ask an administrator"));
		}
	}

	/** The name of the team that owns a container, if it has an owner. */
	public java.util.Optional<String> teamOfContainer(String containerId) {
		Long team = this.teams.allOwners().get(containerId);
		return this.teams.allTeams().stream().filter((t) -> team != null && t.id() == team).map(Team::name).findFirst();
	}

	/** The team that owns a container now, if it has an owner. */
	public java.util.Optional<Team> ownerOfContainer(String containerId) {
		return this.teams.owningTeam(containerId);
	}

	/** Marks a refusal for the audit trail and returns it. */
	public static <E extends RuntimeException> E refused(E refusal) {
		return denied(refusal);
	}

	private Long teamId(String teamName) {
		if (teamName == null) {
			return null;
		}
		// A team that no longer exists owns nothing anyone but an admin can see.
		return this.teams.findTeam(teamName).map(Team::id).orElse(-1L);
	}

	/** Records which team owns a container just created. */
	public void recordOwner(String containerId, Team team, String containerName) {
		this.teams.recordOwner(containerId, team.id(), containerName);
	}

	/** Forgets the owner of a removed container. */
	public void forgetOwner(String containerId) {
		this.teams.forgetOwner(containerId);
	}

	/**
	 * Changes to what the host shares between teams (images, and networks until they are
	 * owned by teams): a developer in some team, or an administrator.
	 */
	public void requireSharedResourceChange(String what) {
		requireImageChange(what);
	}

	/** Load, pull, delete of images: a developer in some team, or an administrator. */
	public void requireImageChange(String what) {
		Caller caller = caller();
		if (AccessPolicy.changeImages(caller) != Decision.ALLOWED) {
			throw denied(new ForbiddenException(
					what + " needs the developer role in a team; ask an administrator to grant it"));
		}
	}

	private String resolve(String idOrName, BiFunction<Caller, Long, Decision> rule, String verb) {
		Caller caller = caller();
		List<OwnedContainer> matches = this.teams.candidates(idOrName)
			.stream()
			.filter((c) -> AccessPolicy.inspectContainer(caller, c.teamId()) == Decision.ALLOWED)
			.toList();
		OwnedContainer found = matches.stream()
			.filter((c) -> c.id().equals(idOrName))
			.findFirst()
			.or(() -> matches.stream().filter((c) -> c.name().equals(idOrName)).findFirst())
			.orElseGet(() -> uniquePrefix(matches, idOrName));
		if (found == null) {
			if (caller.admin()) {
				// Administrators see containers without an owner too; the runtime
				// resolves
				// them (and answers 404 for what does not exist).
				return idOrName;
			}
			throw denied(new NotFoundException(NOT_VISIBLE.formatted(idOrName)));
		}
		if (rule.apply(caller, found.teamId()) != Decision.ALLOWED) {
			TeamRole role = caller.roleIn(found.teamId()).orElseThrow();
			throw denied(new ForbiddenException("your role " + role.wireName() + " in the team that owns container '"
					+ found.name() + "' does not allow you to " + verb + " it; ask an administrator"));
		}
		return found.id();
	}

	private static OwnedContainer uniquePrefix(List<OwnedContainer> matches, String prefix) {
		List<OwnedContainer> byPrefix = matches.stream().filter((c) -> c.id().startsWith(prefix)).toList();
		if (byPrefix.size() > 1) {
			throw new InvalidArgumentException("container id prefix '" + prefix + "' matches " + byPrefix.size()
					+ " containers; give more of the id");
		}
		return byPrefix.isEmpty() ? null : byPrefix.get(0);
	}

	private Team onlyTeamOf(Caller caller) {
		List<Team> candidates = caller.admin() && caller.roles().isEmpty() ? this.teams.allTeams()
				: this.teams.allTeams().stream().filter((team) -> caller.isMemberOf(team.id())).toList();
		if (candidates.size() == 1) {
			return candidates.get(0);
		}
		if (candidates.isEmpty()) {
			throw denied(new ForbiddenException(
					"you are not a member of any team, so you cannot create containers; ask an administrator"));
		}
		throw new InvalidArgumentException("team: you are a member of several teams ("
				+ String.join(", ", candidates.stream().map(Team::name).toList())
				+ "); name the owning team in 'team'");
	}

	private Team namedTeam(Caller caller, String name) {
		Team team = this.teams.findTeam(name).orElseThrow(() -> denied(teamNotFound(name)));
		if (!caller.admin() && !caller.isMemberOf(team.id())) {
			throw denied(teamNotFound(name));
		}
		return team;
	}

	private static NotFoundException teamNotFound(String name) {
		return new NotFoundException("no team named '" + name + "' among your teams; list them with GET /api/v1/teams");
	}

	private static <E extends RuntimeException> E denied(E refusal) {
		AuditTrail.markDenied(refusal.getMessage());
		return refusal;
	}

}
