package dev.bulkhead.it.tenancy;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server on PostgreSQL instead of the embedded H2: a throwaway PostgreSQL 15 from
 * Debian's packages, the same Flyway migrations, and what was made before a restart of
 * the server (a team with a quota, a member, a token) is still there after it.
 */
class PostgresDatabaseIT {

	private static final String DB_PASSWORD = "pg-secret-5d1c9a";

	private static final String USER_PASSWORD = "pg user passphrase 42";

	@Test
	void teamsUsersAndTokensLiveInPostgresqlAcrossARestart() throws Exception {
		Assumptions.assumeTrue(PostgresServer.available(),
				"needs root and Debian's postgresql-15 (the CI script installs it)");
		Path roots = Files.createTempDirectory("bulkhead-it-pg-");
		try (PostgresServer postgres = PostgresServer.start("bulkhead", DB_PASSWORD, "bulkhead")) {
			List<String> database = List.of("--spring.datasource.url=" + postgres.jdbcUrl("bulkhead"),
					"--spring.datasource.username=" + postgres.user(),
					"--spring.datasource.password=" + postgres.password());
			String token;
			try (BulkheadServer first = server(roots, database)) {
				Api admin = new Api(first.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
				expect(admin.post("/api/v1/teams", "{\"name\":\"pg-team\"}"), 201);
				expect(admin.post("/api/v1/users", "{\"username\":\"pg-user\",\"password\":\"" + USER_PASSWORD + "\"}"),
						201);
				expect(put(admin, "/api/v1/teams/pg-team/members/pg-user", "{\"role\":\"operator\"}"), 200);
				expect(put(admin, "/api/v1/teams/pg-team/members/pg-user", "{\"role\":\"developer\"}"), 200);
				expect(put(admin, "/api/v1/teams/pg-team/quota", "{\"containers\":2}"), 200);
				expect(put(admin, "/api/v1/teams/pg-team/quota", "{\"containers\":3,\"cpus\":1.5}"), 200);
				Api.Response minted = new Api(first.baseUrl())
					.send(HttpRequest.newBuilder(java.net.URI.create(first.baseUrl() + "/api/v1/tokens"))
						.header("Authorization", basic("pg-user", USER_PASSWORD))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"survives\",\"expiresInDays\":2}")));
				expect(minted, 201);
				token = minted.json().get("token").asString();
			}
			// Nothing went to the embedded database: the rows are in PostgreSQL.
			assertThat(roots.resolve("data/db/bulkhead.mv.db")).doesNotExist();
			assertThat(postgres.query("bulkhead", "SELECT username FROM users ORDER BY id")).contains("admin",
					"pg-user");
			assertThat(postgres.query("bulkhead", "SELECT role FROM memberships m JOIN users u ON u.id = m.user_id"
					+ " WHERE u.username = 'pg-user'"))
				.isEqualTo("developer");
			assertThat(postgres.query("bulkhead",
					"SELECT version FROM flyway_schema_history WHERE success" + " ORDER BY installed_rank"))
				.contains("1", "2", "3");

			try (BulkheadServer second = server(roots, database)) {
				Api user = new Api(second.baseUrl());
				Api.Response team = user.send(HttpRequest.newBuilder(user.uri("/api/v1/teams/pg-team"))
					.header("Authorization", "Bearer " + token)
					.GET());
				expect(team, 200);
				assertThat(team.json().get("yourRole").asString()).isEqualTo("developer");
				assertThat(team.json().at("/quota/containers").asInt()).isEqualTo(3);
				assertThat(team.json().at("/quota/cpus").asDouble()).isEqualTo(1.5);
				Api.Response tokens = user.send(HttpRequest.newBuilder(user.uri("/api/v1/tokens"))
					.header("Authorization", "Bearer " + token)
					.GET());
				expect(tokens, 200);
				assertThat(tokens.body()).contains("survives");
				Api admin = new Api(second.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
				Api.Response audit = admin.get("/api/v1/audit?actor=pg-user");
				expect(audit, 200);
				assertThat(audit.body()).contains("sign-in").contains("POST /api/v1/tokens");
			}
			Path log = Path.of("target", "it-logs");
			for (Path file : Files.list(log).toList()) {
				assertThat(Files.readString(file)).as("the database password in " + file).doesNotContain(DB_PASSWORD);
			}
		}
		finally {
			HostState.deleteRoots(roots);
		}
	}

	private static BulkheadServer server(Path roots, List<String> arguments) {
		return new BulkheadServer(roots.resolve("data"), roots.resolve("run")).withArguments(arguments).start();
	}

	private static Api.Response put(Api api, String path, String json) {
		return api.send(api.authorized(path)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static String basic(String user, String password) {
		return "Basic " + java.util.Base64.getEncoder()
			.encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private static void expect(Api.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
	}

}
