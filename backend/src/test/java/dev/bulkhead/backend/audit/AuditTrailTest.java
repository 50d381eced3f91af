package dev.bulkhead.backend.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AuditTrailTest {

	private static final String ADMIN_PASSWORD = "correct horse battery staple";

	private static final String CAROL_PASSWORD = "carols very own passphrase";

	@TempDir
	static Path dataRoot;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("bulkhead.data-root", () -> dataRoot.toString());
		registry.add("BULKHEAD_ADMIN_PASSWORD", () -> ADMIN_PASSWORD);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aScriptedSessionIsRecordedInOrderWithActorsAndOutcomesAndNoSecret() throws Exception {
		Instant start = Instant.now().minusMillis(1);
		List<String> secrets = new ArrayList<>(List.of(ADMIN_PASSWORD, CAROL_PASSWORD));

		JsonNode adminToken = mint("admin", ADMIN_PASSWORD);
		String admin = adminToken.get("token").asString();
		secrets.add(admin);
		status(post("/api/v1/teams"), admin, "{\"name\":\"audited\"}", 201);
		status(post("/api/v1/users"), admin, "{\"username\":\"carol\",\"password\":\"" + CAROL_PASSWORD + "\"}", 201);
		status(put("/api/v1/teams/audited/members/carol"), admin, "{\"role\":\"viewer\"}", 200);
		JsonNode carolToken = mint("carol", CAROL_PASSWORD);
		String carol = carolToken.get("token").asString();
		secrets.add(carol);
		status(post("/api/v1/containers"), carol, "{\"image\":\"busybox\",\"team\":\"audited\"}", 403);
		status(post("/api/v1/containers/no-such-box/stop"), carol, null, 404);
		status(delete("/api/v1/tokens/" + carolToken.get("id").asLong()), carol, null, 204);
		status(get("/api/v1/tokens"), carol, null, 401);
		this.mvc.perform(formLogin("/login").user("admin").password("not the password")).andReturn();

		List<String> trail = new ArrayList<>();
		for (JsonNode event : this.json
			.readTree(status(get("/api/v1/audit").param("since", start.toString()), admin, null, 200))) {
			trail.add(event.get("actor").asString("-") + " " + event.get("action").asString() + " "
					+ event.get("outcome").asString());
		}
		assertThat(trail).containsSubsequence("admin sign-in success", "admin POST /api/v1/tokens success",
				"admin POST /api/v1/teams success", "admin POST /api/v1/users success",
				"admin PUT /api/v1/teams/{team}/members/{username} success", "carol sign-in success",
				"carol POST /api/v1/tokens success", "carol POST /api/v1/containers denied",
				"carol POST /api/v1/containers/{id}/stop denied", "carol DELETE /api/v1/tokens/{id} success",
				"carol token-refused denied", "admin sign-in denied");

		String everything = String.join("\n",
				this.jdbc
					.sql("SELECT CONCAT_WS('|', id, at, actor, source_address, action, target, outcome, detail)"
							+ " FROM audit_events")
					.query(String.class)
					.list());
		assertThat(everything).contains("carol").contains("revoked token");
		for (String secret : secrets) {
			assertThat(everything).as("the audit trail holds a secret").doesNotContain(secret);
		}
		String csv = status(get("/api/v1/audit/export").param("format", "csv"), admin, null, 200);
		String jsonl = status(get("/api/v1/audit/export").param("format", "jsonl"), admin, null, 200);
		for (String secret : secrets) {
			assertThat(csv).doesNotContain(secret);
			assertThat(jsonl).doesNotContain(secret);
		}
		assertThat(csv).startsWith(AuditCsv.HEADER).contains(",carol,127.0.0.1,token-refused,");
		assertThat(jsonl.lines()).allSatisfy((line) -> assertThat(this.json.readTree(line).get("action")).isNotNull());
	}

	@Test
	void theTrailCanBeFilteredByActorAndAction() throws Exception {
		String admin = mint("admin", ADMIN_PASSWORD).get("token").asString();
		status(post("/api/v1/teams"), admin, "{\"name\":\"filtered\"}", 201);
		JsonNode events = this.json.readTree(status(
				get("/api/v1/audit").param("actor", "admin").param("action", "POST /api/v1/teams").param("limit", "1"),
				admin, null, 200));
		assertThat(events).hasSize(1);
		assertThat(events.get(0).get("target").asString()).isEqualTo("/api/v1/teams");
		assertThat(events.get(0).get("outcome").asString()).isEqualTo("success");
		assertThat(events.get(0).get("sourceAddress").asString()).isNotBlank();
	}

	@Test
	void onlyAdministratorsReadTheTrail() throws Exception {
		String admin = mint("admin", ADMIN_PASSWORD).get("token").asString();
		status(post("/api/v1/users"), admin, "{\"username\":\"dave\",\"password\":\"daves long passphrase\"}", 201);
		String dave = mint("dave", "daves long passphrase").get("token").asString();
		status(get("/api/v1/audit"), dave, null, 403);
		status(get("/api/v1/audit/export"), dave, null, 403);
	}

	private JsonNode mint(String username, String password) throws Exception {
		MockHttpServletResponse response = this.mvc
			.perform(post("/api/v1/tokens").with(httpBasic(username, password))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"audit\"}"))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
		return this.json.readTree(response.getContentAsString());
	}

	private String status(MockHttpServletRequestBuilder request, String token, String body, int expected)
			throws Exception {
		request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(body);
		}
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(expected);
		return response.getContentAsString();
	}

}
