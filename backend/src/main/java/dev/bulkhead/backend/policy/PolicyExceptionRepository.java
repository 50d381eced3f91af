package dev.bulkhead.backend.policy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Granted exceptions in the embedded database. Team names are read from the teams table
 * by join, so that a listing never needs a second query per row.
 */
@Repository
class PolicyExceptionRepository {

	private static final String SELECT = "SELECT e.id, e.relaxation, t.name AS team, e.container_name, e.reason,"
			+ " e.granted_by, e.granted_at, e.expires_at FROM policy_exceptions e LEFT JOIN teams t ON t.id = e.team_id";

	private final JdbcClient jdbc;

	PolicyExceptionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Long> teamId(String name) {
		return this.jdbc.sql("SELECT id FROM teams WHERE name = ?").param(name).query(Long.class).optional();
	}

	long insert(String relaxation, Long teamId, String containerName, String reason, String grantedBy,
			Instant grantedAt, Instant expiresAt) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO policy_exceptions (relaxation, team_id, container_name, reason, granted_by, granted_at,"
					+ " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(relaxation, teamId, containerName, reason, grantedBy, Timestamp.from(grantedAt),
					Timestamp.from(expiresAt))
			.update(keys, "id");
		return keys.getKeyAs(Long.class);
	}

	Optional<PolicyException> find(long id, Instant now) {
		return this.jdbc.sql(SELECT + " WHERE e.id = ?").param(id).query((rs, row) -> map(rs, now)).optional();
	}

	/**
	 * Every grant, newest first; only those of these teams unless {@code teamIds} is
	 * null.
	 */
	List<PolicyException> list(Collection<Long> teamIds, Instant now) {
		if (teamIds == null) {
			return this.jdbc.sql(SELECT + " ORDER BY e.id DESC").query((rs, row) -> map(rs, now)).list();
		}
		if (teamIds.isEmpty()) {
			return List.of();
		}
		String marks = String.join(", ", teamIds.stream().map((id) -> "?").toList());
		return this.jdbc.sql(SELECT + " WHERE e.team_id IN (" + marks + ") ORDER BY e.id DESC")
			.params(List.copyOf(teamIds))
			.query((rs, row) -> map(rs, now))
			.list();
	}

	/**
	 * The grants that apply to a new container of this team with this name (null: no
	 * name) and have not expired, oldest first.
	 */
	List<PolicyException> activeFor(long teamId, String containerName, Instant now) {
		return this.jdbc
			.sql(SELECT + " WHERE e.expires_at > ? AND (e.team_id IS NULL OR e.team_id = ?)"
					+ " AND (e.container_name IS NULL OR e.container_name = ?) ORDER BY e.id")
			.params(Timestamp.from(now), teamId, containerName)
			.query((rs, row) -> map(rs, now))
			.list();
	}

	boolean delete(long id) {
		return this.jdbc.sql("DELETE FROM policy_exceptions WHERE id = ?").param(id).update() > 0;
	}

	private static PolicyException map(ResultSet rs, Instant now) throws SQLException {
		Instant expires = rs.getTimestamp("expires_at").toInstant();
		return new PolicyException(rs.getLong("id"), rs.getString("relaxation"), rs.getString("team"),
				rs.getString("container_name"), rs.getString("reason"), rs.getString("granted_by"),
				rs.getTimestamp("granted_at").toInstant(), expires, expires.isAfter(now));
	}

}
