package dev.bulkhead.backend.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.bulkhead.backend.system.SqlValues;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

	private static final String COLUMNS = "id, username, password_hash, admin, enabled";

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
	}

	Optional<StoredUser> findByUsername(String username) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE username = ?")
			.param(username)
			.query(UserRepository::user)
			.optional();
	}

	Optional<StoredUser> findById(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ?")
			.param(id)
			.query(UserRepository::user)
			.optional();
	}

	List<StoredUser> findAll() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users ORDER BY id").query(UserRepository::user).list();
	}

	Optional<StoredUser> firstAdmin() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE admin = TRUE ORDER BY id LIMIT 1")
			.query(UserRepository::user)
			.optional();
	}

	void disable(long id) {
		this.jdbc.sql("UPDATE users SET enabled = FALSE WHERE id = ?").param(id).update();
	}

	void enable(long id) {
		this.jdbc.sql("UPDATE users SET enabled = TRUE WHERE id = ?").param(id).update();
	}

	void setPasswordHash(long id, String passwordHash) {
		this.jdbc.sql("UPDATE users SET password_hash = ? WHERE id = ?").params(passwordHash, id).update();
	}

	/** Deletes the account; its tokens and team memberships go with it (foreign keys). */
	boolean delete(long id) {
		return this.jdbc.sql("DELETE FROM users WHERE id = ?").param(id).update() > 0;
	}

	private static StoredUser user(ResultSet rs, int row) throws SQLException {
		return new StoredUser(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
				rs.getBoolean("admin"), rs.getBoolean("enabled"));
	}

	long create(String username, String passwordHash, boolean admin, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO users (username, password_hash, admin, enabled, created_at) VALUES (?, ?, ?, TRUE, ?)")
			.params(username, passwordHash, admin, SqlValues.timestamp(now))
			.update(keys, "id");
		return keys.getKeyAs(Long.class);
	}

}
