package dev.bulkhead.backend.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.bulkhead.backend.system.SqlValues;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Inserts and reads {@code audit_events}; there is deliberately no update or delete.
 */
@Repository
class AuditRepository {

	private final JdbcClient jdbc;

	AuditRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Instant at, String actor, String sourceAddress, String action, String target, Outcome outcome,
			String detail) {
		this.jdbc
			.sql("INSERT INTO audit_events (at, actor, source_address, action, target, outcome, detail)"
					+ " VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(SqlValues.timestamp(at), clip(actor, 64), clip(sourceAddress, 64), clip(action, 128),
					clip(target, 512), outcome.wireName(), clip(detail, 1024))
			.update();
	}

	/**
	 * The most recent {@code limit} events that match, oldest first.
	 */
	List<AuditEvent> find(AuditQuery query) {
		StringBuilder sql = new StringBuilder(
				"SELECT id, at, actor, source_address, action, target, outcome, detail FROM audit_events WHERE 1 = 1");
		List<Object> params = new ArrayList<>();
		if (query.actor() != null) {
			sql.append(" AND actor = ?");
			params.add(query.actor());
		}
		if (query.action() != null) {
			sql.append(" AND action LIKE ?");
			params.add("%" + query.action().replace("%", "\\%").replace("_", "\\_") + "%");
		}
		if (query.since() != null) {
			sql.append(" AND at >= ?");
			params.add(SqlValues.timestamp(query.since()));
		}
		if (query.until() != null) {
			sql.append(" AND at < ?");
			params.add(SqlValues.timestamp(query.until()));
		}
		if (query.outcome() != null) {
			sql.append(" AND outcome = ?");
			params.add(query.outcome().wireName());
		}
		sql.append(" ORDER BY id DESC LIMIT ?");
		params.add(query.limit());
		List<AuditEvent> newestFirst = this.jdbc.sql(sql.toString())
			.params(params)
			.query(AuditRepository::event)
			.list();
		List<AuditEvent> events = new ArrayList<>(newestFirst);
		java.util.Collections.reverse(events);
		return events;
	}

	private static AuditEvent event(ResultSet rs, int row) throws SQLException {
		return new AuditEvent(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
				rs.getString("actor"), rs.getString("source_address"), rs.getString("action"), rs.getString("target"),
				Outcome.ofWireName(rs.getString("outcome")), rs.getString("detail"));
	}

	private static String clip(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

}
