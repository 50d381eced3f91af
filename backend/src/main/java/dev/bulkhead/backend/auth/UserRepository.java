package dev.bulkhead.backend.auth;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
	}

	Optional<StoredUser> findByUsername(String username) {
		return this.jdbc.sql("SELECT id, username, password_hash, admin, enabled FROM users WHERE username = ?")
			.param(username)
			.query((rs, row) -> new StoredUser(rs.getLong("id"), rs.getString("username"),
					rs.getString("password_hash"), rs.getBoolean("admin"), rs.getBoolean("enabled")))
			.optional();
	}

	long create(String username, String passwordHash, boolean admin, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO users (username, password_hash, admin, enabled, created_at) VALUES (?, ?, ?, TRUE, ?)")
			.params(username, passwordHash, admin, now)
			.update(keys, "id");
		return keys.getKeyAs(Long.class);
	}

}
