package dev.bulkhead.backend.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import dev.bulkhead.backend.auth.WithBulkheadUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * The exceptions API and the evaluate endpoint on the real application with its database:
 * what a grant needs, who sees which grants, how an exception changes a verdict, expiry,
 * and the audit records of grants and refusals. No container runs.
 */
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PolicyApiTest {

	private static final String ADMIN_PASSWORD = "correct horse battery staple";

	private static final String PASSWORD = "a long enough passphrase";

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

	// Made once, shared by the test methods (one instance each).
	private static String admin;

	private static String alphaDeveloper;

	private static String betaViewer;

	@BeforeEach
	void teamsAndUsersOnce() throws Exception {
		if (admin != null) {
			return;
		}
		admin = token("admin", ADMIN_PASSWORD);
		for (String team : List.of("alpha", "beta")) {
			expect(call(post("/api/v1/teams"), admin, "{\"name\":\"" + team + "\"}"), 201);
		}
		for (String[] member : List.of(new String[] { "dev", "alpha", "developer" },
				new String[] { "watcher", "beta", "viewer" })) {
			expect(call(post("/api/v1/users"), admin,
					"{\"username\":\"" + member[0] + "\",\"password\":\"" + PASSWORD + "\"}"), 201);
			expect(call(put("/api/v1/teams/{team}/members/{user}", member[1], member[0]), admin,
					"{\"role\":\"" + member[2] + "\"}"), 200);
		}
		alphaDeveloper = token("dev", PASSWORD);
		betaViewer = token("watcher", PASSWORD);
	}

	@Test
	void aGrantNeedsAKnownRelaxationATargetAReasonAndAnExpiry() throws Exception {
		assertThat(grant("{\"relaxation\":\"make-coffee\",\"team\":\"alpha\",\"reason\":\"r\",\"expiresInSeconds\":60}")
			.getContentAsString()).contains("'make-coffee' is not a relaxation");
		assertThat(grant("{\"relaxation\":\"writable-rootfs\",\"reason\":\"r\",\"expiresInSeconds\":60}")
			.getContentAsString()).contains("name whom the exception is for");
		assertThat(grant("{\"relaxation\":\"writable-rootfs\",\"team\":\"alpha\",\"expiresInSeconds\":60}")
			.getContentAsString()).contains("reason is required");
		assertThat(
				grant("{\"relaxation\":\"writable-rootfs\",\"team\":\"alpha\",\"reason\":\"r\"}").getContentAsString())
			.contains("every exception expires");
		assertThat(
				grant("{\"relaxation\":\"writable-rootfs\",\"team\":\"nope\",\"reason\":\"r\",\"expiresInSeconds\":9}")
					.getStatus())
			.isEqualTo(404);
		MockHttpServletResponse byDeveloper = call(post("/api/v1/policy/exceptions"), alphaDeveloper,
				"{\"relaxation\":\"writable-rootfs\",\"team\":\"alpha\",\"reason\":\"r\",\"expiresInSeconds\":60}");
		assertThat(byDeveloper.getStatus()).isEqualTo(403);
		assertThat(byDeveloper.getContentAsString()).contains("only administrators may grant exceptions");
	}

	@Test
	void aTeamsExceptionTurnsItsViolationIntoAnAppliedException() throws Exception {
		String request = "{\"image\":\"busybox\",\"team\":\"alpha\",\"name\":\"tracer\","
				+ "\"security\":{\"capAdd\":[\"SYS_PTRACE\"],\"readOnlyRootfs\":false}}";
		JsonNode before = evaluate(request);
		assertThat(before.get("allowed").asBoolean()).isFalse();
		assertThat(fields(before)).containsExactly("security.capAdd[0]", "security.readOnlyRootfs");
		assertThat(before.get("violations").get(0).get("relaxation").asString()).isEqualTo("cap-add:SYS_PTRACE");
		assertThat(before.get("violations").get(0).get("remedy").asString())
			.endsWith("ask an admin for the exception cap-add:SYS_PTRACE");

		String expiry = java.time.Instant.now()
			.plus(java.time.Duration.ofDays(30))
			.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
			.toString();
		MockHttpServletResponse granted = grant("{\"relaxation\":\"cap-add:sys_ptrace\",\"team\":\"alpha\","
				+ "\"reason\":\"debugging a hang\",\"expiresAt\":\"" + expiry + "\"}");
		assertThat(granted.getStatus()).as(granted.getContentAsString()).isEqualTo(201);
		JsonNode exception = this.json.readTree(granted.getContentAsString());
		assertThat(exception.get("relaxation").asString()).isEqualTo("cap-add:SYS_PTRACE");
		assertThat(exception.get("grantedTo").asString()).isEqualTo("team:alpha");
		assertThat(exception.get("expiresAt").asString()).isEqualTo(expiry);

		JsonNode after = evaluate(request);
		assertThat(fields(after)).containsExactly("security.readOnlyRootfs");
		assertThat(after.get("exceptionsApplied").get(0).get("id").asLong()).isEqualTo(exception.get("id").asLong());
		assertThat(after.get("exceptionsApplied").get(0).get("reason").asString()).isEqualTo("debugging a hang");
		expect(call(delete("/api/v1/policy/exceptions/{id}", exception.get("id").asLong()), admin, null), 204);
		assertThat(fields(evaluate(request))).containsExactly("security.capAdd[0]", "security.readOnlyRootfs");
	}

	@Test
	void anExpiredExceptionAdmitsNothing() throws Exception {
		String request = "{\"image\":\"busybox\",\"team\":\"alpha\",\"user\":\"root\"}";
		expect(grant("{\"relaxation\":\"run-as-root\",\"team\":\"alpha\",\"reason\":\"installer\","
				+ "\"expiresInSeconds\":1}"), 201);
		assertThat(evaluate(request).get("allowed").asBoolean()).isTrue();
		Thread.sleep(1200);
		JsonNode expired = evaluate(request);
		assertThat(expired.get("allowed").asBoolean()).isFalse();
		assertThat(fields(expired)).containsExactly("user");
	}

	@Test
	void anExceptionForAContainerNameAppliesToThatNameOnly() throws Exception {
		expect(grant("{\"relaxation\":\"host-pid\",\"team\":\"alpha\",\"containerName\":\"monitor\","
				+ "\"reason\":\"process exporter\",\"expiresInSeconds\":600}"), 201);
		String body = "{\"image\":\"busybox\",\"team\":\"alpha\",\"name\":\"%s\",\"security\":{\"pidMode\":\"host\"}}";
		assertThat(evaluate(body.formatted("monitor")).get("allowed").asBoolean()).isTrue();
		assertThat(fields(evaluate(body.formatted("other")))).containsExactly("security.pidMode");
	}

	@Test
	void membersSeeTheExceptionsOfTheirOwnTeamsOnly() throws Exception {
		expect(grant("{\"relaxation\":\"devices\",\"team\":\"beta\",\"reason\":\"fuse\",\"expiresInSeconds\":600}"),
				201);
		expect(grant("{\"relaxation\":\"writable-rootfs\",\"team\":\"alpha\",\"reason\":\"legacy app\","
				+ "\"expiresInSeconds\":600}"), 201);
		List<String> seenByBeta = teamsIn(call(get("/api/v1/policy/exceptions"), betaViewer, null));
		List<String> seenByAdmin = teamsIn(call(get("/api/v1/policy/exceptions"), admin, null));
		assertThat(seenByBeta).isNotEmpty().containsOnly("beta");
		assertThat(seenByAdmin).contains("alpha", "beta");
	}

	@Test
	void grantsAndRefusedCreatesAreAudited() throws Exception {
		expect(grant("{\"relaxation\":\"seccomp-unconfined\",\"team\":\"alpha\",\"reason\":\"profiling\","
				+ "\"expiresInSeconds\":600}"), 201);
		MockHttpServletResponse refused = call(post("/api/v1/containers"), alphaDeveloper,
				"{\"image\":\"busybox\",\"team\":\"alpha\",\"name\":\"rooted\",\"user\":\"0\"}");
		assertThat(refused.getStatus()).isEqualTo(403);
		assertThat(refused.getContentAsString()).contains("user: running as root (uid 0) is not allowed");
		JsonNode violation = this.json.readTree(refused.getContentAsString()).get("violations").get(0);
		assertThat(violation.get("field").asString()).isEqualTo("user");
		assertThat(violation.get("relaxation").asString()).isEqualTo("run-as-root");
		JsonNode events = this.json
			.readTree(call(get("/api/v1/audit").param("action", "policy."), admin, null).getContentAsString());
		List<String> lines = new ArrayList<>();
		events.forEach((e) -> lines.add(e.get("action").asString() + " " + e.get("target").asString() + " "
				+ e.get("outcome").asString() + " " + e.get("detail").asString()));
		assertThat(lines).anySatisfy((line) -> assertThat(line).startsWith("policy.exception.grant exception/")
			.contains("success seccomp-unconfined for team:alpha until")
			.endsWith("reason: profiling"));
		assertThat(lines).anySatisfy((line) -> assertThat(line)
			.startsWith("policy.deny team/alpha/container/rooted denied user: running as root"));
	}

	@Test
	@WithBulkheadUser
	void theCreateFormsVerdictFragmentListsEveryViolationAsTheUserTypes() throws Exception {
		String refused = this.mvc
			.perform(post("/containers/verdict").with(csrf())
				.header("HX-Request", "true")
				.param("image", "busybox")
				.param("capAdd", "SYS_ADMIN, net_bind_service")
				.param("writableRootfs", "true"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(refused).contains("data-verdict=\"refused\"")
			.contains("<code>security.capAdd[0]</code>: <span>capability SYS_ADMIN is not allowed at level restricted")
			.contains("ask an admin for the exception cap-add:SYS_ADMIN")
			.contains("<code>security.readOnlyRootfs</code>")
			.doesNotContain("security.capAdd[1]");
		String allowed = this.mvc
			.perform(post("/containers/verdict").with(csrf())
				.header("HX-Request", "true")
				.param("image", "busybox")
				.param("command", "sh -c 'sleep 1'"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(allowed).contains("data-verdict=\"allowed\"").contains("<code>restricted</code>");
		String unknown = this.mvc
			.perform(post("/containers/verdict").with(csrf()).param("image", "busybox").param("command", "sh -c 'x"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(unknown).contains("data-verdict=\"unknown\"").contains("unclosed &#39; quote");
	}

	@Test
	void theEndpointsAreDescribedInTheOpenApiDocument() throws Exception {
		JsonNode paths = this.json.readTree(call(get("/v3/api-docs"), admin, null).getContentAsString()).get("paths");
		assertThat(paths.get("/api/v1/policy/evaluate").get("post").get("summary").asString())
			.isEqualTo("Judge a create request against the policy without creating anything");
		assertThat(paths.get("/api/v1/policy/exceptions").has("post")).isTrue();
		assertThat(paths.get("/api/v1/policy/exceptions").has("get")).isTrue();
		assertThat(paths.get("/api/v1/policy/exceptions/{id}").has("delete")).isTrue();
	}

	private static List<String> fields(JsonNode verdict) {
		List<String> fields = new ArrayList<>();
		verdict.get("violations").forEach((v) -> fields.add(v.get("field").asString()));
		return fields;
	}

	private List<String> teamsIn(MockHttpServletResponse response) throws Exception {
		expect(response, 200);
		List<String> teams = new ArrayList<>();
		this.json.readTree(response.getContentAsString()).forEach((e) -> teams.add(e.get("team").asString()));
		return teams;
	}

	private JsonNode evaluate(String body) throws Exception {
		MockHttpServletResponse response = call(post("/api/v1/policy/evaluate"), alphaDeveloper, body);
		expect(response, 200);
		return this.json.readTree(response.getContentAsString());
	}

	private MockHttpServletResponse grant(String body) throws Exception {
		return call(post("/api/v1/policy/exceptions"), admin, body);
	}

	private MockHttpServletResponse call(MockHttpServletRequestBuilder request, String token, String body)
			throws Exception {
		request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(body);
		}
		return this.mvc.perform(request).andReturn().getResponse();
	}

	private String token(String username, String password) throws Exception {
		MockHttpServletResponse response = this.mvc
			.perform(post("/api/v1/tokens").with(httpBasic(username, password))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"policy-test\"}"))
			.andReturn()
			.getResponse();
		expect(response, 201);
		return this.json.readTree(response.getContentAsString()).get("token").asString();
	}

	private static void expect(MockHttpServletResponse response, int status) throws Exception {
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
	}

}
