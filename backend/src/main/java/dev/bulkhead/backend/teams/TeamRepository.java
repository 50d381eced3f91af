package dev.bulkhead.backend.teams;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bulkhead.backend.system.SqlValues;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Teams, memberships and container ownership in the embedded database.
 */
@Repository
class TeamRepository {

	private final JdbcClient jdbc;

	TeamRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long countTeams() {
		return this.jdbc.sql("SELECT COUNT(*) FROM teams").query(Long.class).single();
	}

	Team createTeam(String name, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO teams (name, created_at) VALUES (?, ?)")
			.params(name, SqlValues.timestamp(now))
			.update(keys, "id");
		return new Team(keys.getKeyAs(Long.class), name);
	}

	Optional<Team> findTeam(String name) {
		return this.jdbc.sql("SELECT id, name FROM teams WHERE name = ?")
			.param(name)
			.query((rs, row) -> new Team(rs.getLong("id"), rs.getString("name")))
			.optional();
	}

	List<Team> allTeams() {
		return this.jdbc.sql("SELECT id, name FROM teams ORDER BY name")
			.query((rs, row) -> new Team(rs.getLong("id"), rs.getString("name")))
			.list();
	}

	Map<Long, TeamRole> rolesOf(long userId) {
		Map<Long, TeamRole> roles = new HashMap<>();
		this.jdbc.sql("SELECT team_id, role FROM memberships WHERE user_id = ?").param(userId).query((rs) -> {
			roles.put(rs.getLong("team_id"), TeamRole.ofWireName(rs.getString("role")));
		});
		return roles;
	}

	List<Member> membersOf(long teamId) {
		return this.jdbc
			.sql("SELECT u.username, m.role FROM memberships m JOIN users u ON u.id = m.user_id"
					+ " WHERE m.team_id = ? ORDER BY u.username")
			.param(teamId)
			.query((rs, row) -> new Member(rs.getString("username"), TeamRole.ofWireName(rs.getString("role"))))
			.list();
	}

	// Update, then insert if there was nothing to update: portable SQL (H2 and
	// PostgreSQL). Two identical grants at the same instant may make the second fail on
	// the primary key, which is the right row anyway.
	void putMember(long teamId, long userId, TeamRole role) {
		if (updateRole(teamId, userId, role) == 0) {
			this.jdbc.sql("INSERT INTO memberships (user_id, team_id, role) VALUES (?, ?, ?)")
				.params(userId, teamId, role.wireName())
				.update();
		}
	}

	private int updateRole(long teamId, long userId, TeamRole role) {
		return this.jdbc.sql("UPDATE memberships SET role = ? WHERE user_id = ? AND team_id = ?")
			.params(role.wireName(), userId, teamId)
			.update();
	}

	boolean removeMember(long teamId, long userId) {
		return this.jdbc.sql("DELETE FROM memberships WHERE team_id = ? AND user_id = ?")
			.params(teamId, userId)
			.update() > 0;
	}

	void recordOwner(String containerId, long teamId, String containerName) {
		this.jdbc.sql("INSERT INTO container_owners (container_id, team_id, container_name) VALUES (?, ?, ?)")
			.params(containerId, teamId, containerName)
			.update();
	}

	void renameOwned(String containerId, String containerName) {
		this.jdbc.sql("UPDATE container_owners SET container_name = ? WHERE container_id = ?")
			.params(containerName, containerId)
			.update();
	}

	void forgetOwner(String containerId) {
		this.jdbc.sql("DELETE FROM container_owners WHERE container_id = ?").param(containerId).update();
	}

	Optional<Long> ownerOf(String containerId) {
		return this.jdbc.sql("SELECT team_id FROM container_owners WHERE container_id = ?")
			.param(containerId)
			.query(Long.class)
			.optional();
	}

	Optional<Team> owningTeam(String containerId) {
		return this.jdbc.sql(
				"SELECT t.id, t.name FROM container_owners o JOIN teams t ON t.id = o.team_id WHERE o.container_id = ?")
			.param(containerId)
			.query((rs, row) -> new Team(rs.getLong("id"), rs.getString("name")))
			.optional();
	}

	Map<String, Long> allOwners() {
		Map<String, Long> owners = new HashMap<>();
		this.jdbc.sql("SELECT container_id, team_id FROM container_owners").query((rs) -> {
			owners.put(rs.getString("container_id"), rs.getLong("team_id"));
		});
		return owners;
	}

	/**
	 * Containers whose id or name is exactly {@code idOrName}, or whose id starts with
	 * it.
	 */
	List<OwnedContainer> candidates(String idOrName) {
		String prefix = idOrName.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		return this.jdbc
			.sql("SELECT container_id, team_id, container_name FROM container_owners"
					+ " WHERE container_id = ? OR container_name = ? OR container_id LIKE ?")
			.params(idOrName, idOrName, prefix)
			.query((rs, row) -> new OwnedContainer(rs.getString("container_id"), rs.getLong("team_id"),
					rs.getString("container_name")))
			.list();
	}

	Optional<TeamQuota> quotaOf(long teamId) {
		return this.jdbc
			.sql("SELECT max_containers, max_memory_bytes, max_millicpus, max_volume_bytes FROM team_quotas"
					+ " WHERE team_id = ?")
			.param(teamId)
			.query((rs, row) -> {
				Long milliCpus = rs.getObject("max_millicpus", Long.class);
				return new TeamQuota(rs.getObject("max_containers", Integer.class),
						rs.getObject("max_memory_bytes", Long.class), (milliCpus != null) ? milliCpus / 1000.0 : null,
						rs.getObject("max_volume_bytes", Long.class));
			})
			.optional();
	}

	/** Replaces the team's quota (portable SQL: update, else insert). */
	void putQuota(long teamId, TeamQuota quota) {
		int updated = this.jdbc
			.sql("UPDATE team_quotas SET max_containers = ?, max_memory_bytes = ?, max_millicpus = ?,"
					+ " max_volume_bytes = ? WHERE team_id = ?")
			.params(quota.containers(), quota.memoryBytes(), quota.milliCpus(), quota.volumeBytes(), teamId)
			.update();
		if (updated == 0) {
			this.jdbc
				.sql("INSERT INTO team_quotas (team_id, max_containers, max_memory_bytes, max_millicpus,"
						+ " max_volume_bytes) VALUES (?, ?, ?, ?, ?)")
				.params(teamId, quota.containers(), quota.memoryBytes(), quota.milliCpus(), quota.volumeBytes())
				.update();
		}
	}

	record Member(String username, TeamRole role) {

	}

	record OwnedContainer(String id, long teamId, String name) {

	}

}
