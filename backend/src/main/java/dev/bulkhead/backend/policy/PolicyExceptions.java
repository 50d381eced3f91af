package dev.bulkhead.backend.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.bulkhead.backend.teams.Caller;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.security.profiles.Relaxations;

/**
 * Grants, lists and revokes exceptions. Only administrators grant and revoke; members of
 * a team see the exceptions granted to their team.
 */
@Service
public class PolicyExceptions {

	/** The longest an exception may last: it must be looked at again within a year. */
	static final Duration MAX_LIFETIME = Duration.ofDays(366);

	private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

	private final PolicyExceptionRepository repository;

	private final TeamAccess access;

	private final PolicyAudit audit;

	PolicyExceptions(PolicyExceptionRepository repository, TeamAccess access, PolicyAudit audit) {
		this.repository = repository;
		this.access = access;
		this.audit = audit;
	}

	/**
	 * What an admin asks to grant.
	 *
	 * @param relaxation e.g. {@code cap-add:SYS_PTRACE}
	 * @param team the team it is for
	 * @param containerName the container name it is for
	 * @param reason why (required)
	 * @param expiresAt when it stops admitting new containers (RFC 3339)
	 * @param expiresInSeconds the same, counted from now; give one of the two
	 */
	public record Grant(String relaxation, String team, String containerName, String reason, Instant expiresAt,
			Long expiresInSeconds) {
	}

	@Transactional
	PolicyException grant(Grant grant) {
		Caller caller = requireAdmin("grant exceptions");
		String relaxation;
		try {
			relaxation = Relaxations.canonical(grant.relaxation());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidArgumentException("relaxation: " + ex.getMessage());
		}
		String team = blankToNull(grant.team());
		String containerName = blankToNull(grant.containerName());
		if (team == null && containerName == null) {
			throw new InvalidArgumentException(
					"name whom the exception is for: 'team', 'containerName', or both (that name in that team)");
		}
		if (containerName != null && !CONTAINER_NAME.matcher(containerName).matches()) {
			throw new InvalidArgumentException("containerName '" + containerName + "' is not a valid container name");
		}
		Long teamId = (team != null) ? this.repository.teamId(team)
			.orElseThrow(() -> new NotFoundException("no team named '" + team + "'; list them with GET /api/v1/teams"))
				: null;
		String reason = blankToNull(grant.reason());
		if (reason == null || reason.length() > 1000) {
			throw new InvalidArgumentException(
					"reason is required (at most 1000 characters): say why the exception is needed");
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Instant expiresAt = expiry(grant, now);
		long id = this.repository.insert(relaxation, teamId, containerName, reason, caller.username(), now, expiresAt);
		PolicyException granted = this.repository.find(id, now).orElseThrow();
		this.audit.granted(caller.username(), granted);
		return granted;
	}

	/** Every exception for an admin; those of the caller's teams for anyone else. */
	List<PolicyException> list() {
		Caller caller = this.access.caller();
		return this.repository.list(caller.admin() ? null : caller.roles().keySet(), Instant.now());
	}

	@Transactional
	void revoke(long id) {
		Caller caller = requireAdmin("revoke exceptions");
		PolicyException exception = this.repository.find(id, Instant.now())
			.orElseThrow(() -> new NotFoundException(
					"no exception with id " + id + "; list them with GET /api/v1/policy/exceptions"));
		this.repository.delete(id);
		this.audit.revoked(caller.username(), exception);
	}

	private static Instant expiry(Grant grant, Instant now) {
		if ((grant.expiresAt() == null) == (grant.expiresInSeconds() == null)) {
			throw new InvalidArgumentException("give exactly one of expiresAt (RFC 3339, e.g. 2030-01-31T18:00:00Z) "
					+ "and expiresInSeconds: every exception expires");
		}
		Instant expiresAt = (grant.expiresAt() != null) ? grant.expiresAt().truncatedTo(ChronoUnit.MICROS)
				: now.plusSeconds(grant.expiresInSeconds());
		if (!expiresAt.isAfter(now)) {
			throw new InvalidArgumentException("the expiry " + expiresAt + " is not in the future");
		}
		if (expiresAt.isAfter(now.plus(MAX_LIFETIME))) {
			throw new InvalidArgumentException(
					"an exception may last at most " + MAX_LIFETIME.toDays() + " days; grant it again when it expires");
		}
		return expiresAt;
	}

	private Caller requireAdmin(String what) {
		Caller caller = this.access.caller();
		if (!caller.admin()) {
			throw new ForbiddenException("only administrators may " + what + "; ask an administrator");
		}
		return caller;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
