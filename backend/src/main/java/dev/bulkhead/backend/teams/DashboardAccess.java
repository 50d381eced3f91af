package dev.bulkhead.backend.teams;

import java.util.Map;
import java.util.function.Supplier;

import dev.bulkhead.backend.teams.AccessPolicy.Decision;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

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
		Caller caller = caller();
		return caller.admin() || caller.roles().values().stream().anyMatch((r) -> r.includes(TeamRole.OPERATOR));
	}

	/**
	 * Whether the user is a developer in some team (or an administrator): create
	 * containers, networks and volumes, and change images.
	 */
	public boolean canDevelopAny() {
		return AccessPolicy.changeImages(caller()) == Decision.ALLOWED;
	}

	/** Load, pull, import, tag, remove and prune images. */
	public boolean canChangeImages() {
		return canDevelopAny();
	}

	/** Removing a network owned by the named team (null: a shared network). */
	public boolean canChangeNetwork(String owningTeam) {
		return AccessPolicy.changeNetwork(caller(), teamId(owningTeam)) == Decision.ALLOWED;
	}

	/** Removing a volume owned by the named team (null: a volume without an owner). */
	public boolean canChangeVolume(String owningTeam) {
		return AccessPolicy.changeVolume(caller(), teamId(owningTeam)) == Decision.ALLOWED;
	}

	private boolean onContainer(String containerId, java.util.function.BiFunction<Caller, Long, Decision> rule) {
		Caller caller = caller();
		if (caller.admin()) {
			return true;
		}
		Long owner = owners().get(containerId);
		return owner != null && rule.apply(caller, owner) == Decision.ALLOWED;
	}

	/**
	 * The caller, asked once per request: a list page asks for every row.
	 */
	private Caller caller() {
		return perRequest("caller", this.access::caller);
	}

	/** Which team owns which container, read once per request. */
	private Map<String, Long> owners() {
		return perRequest("owners", this.teams::allOwners);
	}

	@SuppressWarnings("unchecked")
	private static <T> T perRequest(String name, Supplier<T> compute) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request == null) {
			return compute.get();
		}
		String key = DashboardAccess.class.getName() + "." + name;
		T value = (T) request.getAttribute(key, RequestAttributes.SCOPE_REQUEST);
		if (value == null) {
			value = compute.get();
			request.setAttribute(key, value, RequestAttributes.SCOPE_REQUEST);
		}
		return value;
	}

	private Long teamId(String teamName) {
		if (teamName == null) {
			return null;
		}
		return this.teams.findTeam(teamName).map(Team::id).orElse(-1L);
	}

}
