package dev.bulkhead.backend.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import dev.bulkhead.backend.system.SqlValues;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class ApiTokenRepository {

	private static final String COLUMNS = "t.id, t.user_id, t.name, t.created_at, t.expires_at, t.last_used_at, t.revoked_at, t.scope";

	private final JdbcClient jdbc;

	ApiTokenRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long create(long userId, String name, String tokenHash, Instant createdAt, Instant expiresAt, TokenScope scope) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at, scope)"
					+ " VALUES (?, ?, ?, ?, ?, ?)")
			.params(userId, name, tokenHash, SqlValues.timestamp(createdAt), SqlValues.timestamp(expiresAt),
					scope.wireName())
			.update(keys, "id");
		return keys.getKeyAs(Long.class);
	}

	List<StoredToken> findByUser(long userId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM api_tokens t WHERE t.user_id = ? ORDER BY t.id")
			.param(userId)
			.query(ApiTokenRepository::token)
			.list();
	}

	/**
	 * The token with this hash and its owner, whether or not the owner is enabled.
	 */
	Optional<TokenOwner> findByHash(String tokenHash) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + ", u.username, u.admin, u.enabled FROM api_tokens t"
					+ " JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?")
			.param(tokenHash)
			.query((rs, row) -> new TokenOwner(token(rs, row),
					new BulkheadUser(rs.getLong("user_id"), rs.getString("username"), rs.getBoolean("admin")),
					rs.getBoolean("enabled")))
			.optional();
	}

	/**
	 * Revokes a token of this user; answers whether such a token exists.
	 */
	boolean revoke(long userId, long tokenId, Instant now) {
		this.jdbc.sql("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
			.params(SqlValues.timestamp(now), tokenId, userId)
			.update();
		return this.jdbc.sql("SELECT COUNT(*) FROM api_tokens WHERE id = ? AND user_id = ?")
			.params(tokenId, userId)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Records a use, at most once per {@code resolution} so that a busy client does not
	 * turn every request into a database write.
	 */
	void touch(long tokenId, Instant now, Duration resolution) {
		this.jdbc
			.sql("UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
			.params(SqlValues.timestamp(now), tokenId, SqlValues.timestamp(now.minus(resolution)))
			.update();
	}

	private static StoredToken token(ResultSet rs, int row) throws SQLException {
		return new StoredToken(rs.getLong("id"), rs.getLong("user_id"), rs.getString("name"), instant(rs, "created_at"),
				instant(rs, "expires_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"),
				TokenScope.ofWireName(rs.getString("scope")));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	record TokenOwner(StoredToken token, BulkheadUser owner, boolean ownerEnabled) {

	}

}
