package dev.bulkhead.backend.teams;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import dev.bulkhead.backend.auth.BulkheadUser;
import dev.bulkhead.backend.auth.UserDirectory;
import dev.bulkhead.backend.teams.TeamRepository.Member;
import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating teams and granting roles (administrators only); anyone may read their own
 * teams.
 */
@Service
class TeamAdministration {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

	private final TeamRepository teams;

	private final TeamAccess access;

	private final UserDirectory users;

	private final TeamQuotas quotas;

	TeamAdministration(TeamRepository teams, TeamAccess access, UserDirectory users, TeamQuotas quotas) {
		this.teams = teams;
		this.access = access;
		this.users = users;
		this.quotas = quotas;
	}

	/** Every team for an administrator; one's own teams otherwise. */
	List<TeamView> list() {
		Caller caller = this.access.caller();
		return this.teams.allTeams()
			.stream()
			.filter((team) -> caller.admin() || caller.isMemberOf(team.id()))
			.map((team) -> view(team, caller.roleIn(team.id()).orElse(null)))
			.toList();
	}

	@Transactional
	TeamView create(String name) {
		requireAdmin("create teams");
		if (name == null || !NAME.matcher(name).matches()) {
			throw new InvalidArgumentException("team name '" + name
					+ "' is not valid: use 1 to 64 lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
		}
		if (this.teams.findTeam(name).isPresent()) {
			throw new ConflictException("a team named '" + name + "' already exists; choose another name");
		}
		Team team = this.teams.createTeam(name, Instant.now().truncatedTo(ChronoUnit.MICROS));
		return view(team, null);
	}

	@Transactional
	TeamView putMember(String teamName, String username, String role) {
		requireAdmin("grant roles");
		TeamRole teamRole = TeamRole.ofWireName(role);
		Team team = team(teamName);
		BulkheadUser user = user(username);
		this.teams.putMember(team.id(), user.id(), teamRole);
		return view(team, null);
	}

	/** Replaces the team's quota; a value left out ({@code null}) means no limit. */
	@Transactional
	TeamView putQuota(String teamName, TeamQuota quota) {
		requireAdmin("set quotas");
		if ((quota.containers() != null && quota.containers() < 0)
				|| (quota.memoryBytes() != null && quota.memoryBytes() < 0)
				|| (quota.volumeBytes() != null && quota.volumeBytes() < 0)) {
			throw new InvalidArgumentException("quota values must not be negative; leave one out for no limit");
		}
		if (quota.cpus() != null && (!Double.isFinite(quota.cpus()) || quota.cpus() < 0 || quota.cpus() > 1_000_000)) {
			throw new InvalidArgumentException(
					"cpus must be a number of CPUs between 0 and 1000000, such as 4 or 1.5; leave it out for no limit");
		}
		Team team = team(teamName);
		this.teams.putQuota(team.id(), quota);
		return view(team, null);
	}

	/** One team with its members, quota and use, for administrators and its members. */
	TeamView get(String teamName) {
		Caller caller = this.access.caller();
		Team team = this.teams.findTeam(teamName)
			.filter((found) -> caller.admin() || caller.isMemberOf(found.id()))
			.orElseThrow(() -> new NotFoundException(
					"no team named '" + teamName + "' among your teams; list them with GET /api/v1/teams"));
		return view(team, caller.roleIn(team.id()).orElse(null));
	}

	private TeamView view(Team team, TeamRole yourRole) {
		return new TeamView(team.name(), yourRole, this.teams.membersOf(team.id()),
				this.teams.quotaOf(team.id()).orElse(TeamQuota.UNLIMITED), this.quotas.usageOf(team));
	}

	@Transactional
	void removeMember(String teamName, String username) {
		requireAdmin("revoke roles");
		Team team = team(teamName);
		BulkheadUser user = user(username);
		if (!this.teams.removeMember(team.id(), user.id())) {
			throw new NotFoundException(username + " is not a member of team '" + teamName + "'");
		}
	}

	private Team team(String name) {
		return this.teams.findTeam(name)
			.orElseThrow(() -> new NotFoundException("no team named '" + name + "'; list them with GET /api/v1/teams"));
	}

	private BulkheadUser user(String username) {
		return this.users.findByUsername(username)
			.orElseThrow(
					() -> new NotFoundException("no user named '" + username + "'; list them with GET /api/v1/users"));
	}

	private void requireAdmin(String what) {
		if (!this.access.caller().admin()) {
			throw new ForbiddenException("only administrators may " + what + "; ask an administrator");
		}
	}

	/**
	 * A team as the API shows it.
	 *
	 * @param name the team's name
	 * @param yourRole the caller's role in it, if a member
	 * @param members every member with their role
	 * @param quota the team's limits ({@code null} values: unlimited)
	 * @param usage what the team uses now of what the quota limits
	 */
	record TeamView(String name, TeamRole yourRole, List<Member> members, TeamQuota quota, TeamUsage usage) {

	}

}
