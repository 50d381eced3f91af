package dev.bulkhead.backend.teams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Every native API endpoint, as the application itself lists them (so a new endpoint
 * cannot escape), called by every kind of caller: nobody, a read-only token, a viewer,
 * operator and developer of the team that owns a container, a developer of another team,
 * and an administrator. No container runs: every access decision is made before the
 * runtime is asked, so an allowed call is one that is not refused for access (the runtime
 * may then answer that the container or image does not exist).
 */
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AccessMatrixTest {

	private static final String ADMIN_PASSWORD = "correct horse battery staple";

	private static final String USER_PASSWORD = "a long enough passphrase";

	private static final String CONTAINER_ID = "c0ffee".repeat(10) + "c0ff";

	private static final String OTHER_TEAMS_CONTAINER_ID = "beef".repeat(16);

	/** A network of team alpha, as its record on disk. */
	private static final String TEAM_NETWORK = "alpha-net";

	/** Another network of team alpha, for the removal. */
	private static final String DOOMED_NETWORK = "alpha-doomed";

	/** The phrases of access refusals that answer 404 (see TeamAccess). */
	private static final List<String> HIDDEN_PHRASES = List.of("among the containers you can see", "among your teams",
			"among the networks you can see");

	@TempDir
	static Path dataRoot;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("bulkhead.data-root", () -> dataRoot.toString());
		registry.add("bulkhead.run-root", () -> dataRoot.resolve("run").toString());
		registry.add("BULKHEAD_ADMIN_PASSWORD", () -> ADMIN_PASSWORD);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	// Shared by the test methods (one instance each), made once.
	private static final Map<Role, String> tokens = new java.util.EnumMap<>(Role.class);

	private static final AtomicInteger unique = new AtomicInteger();

	enum Role {

		NOBODY, READ_ONLY_TOKEN, VIEWER, OPERATOR, DEVELOPER, OTHER_TEAM, ADMIN

	}

	/** What an endpoint needs. */
	enum Rule {

		/** Anyone signed in. */
		SIGNED_IN,
		/** Administrators only. */
		ADMIN,
		/** Viewer of the owning team. */
		CONTAINER_INSPECT,
		/** Operator of the owning team. */
		CONTAINER_OPERATE,
		/** Developer of the owning team. */
		CONTAINER_DEVELOP,
		/** Developer in any team. */
		IMAGE_CHANGE

	}

	/** The expected rule of every native endpoint; an endpoint missing here fails. */
	private static final Map<String, Rule> RULES = Map.ofEntries(Map.entry("GET /api/v1/containers", Rule.SIGNED_IN),
			Map.entry("POST /api/v1/containers", Rule.CONTAINER_DEVELOP),
			Map.entry("GET /api/v1/containers/{id}", Rule.CONTAINER_INSPECT),
			Map.entry("DELETE /api/v1/containers/{id}", Rule.CONTAINER_DEVELOP),
			Map.entry("POST /api/v1/containers/{id}/start", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/stop", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/kill", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/pause", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/unpause", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/exec", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/wait", Rule.CONTAINER_OPERATE),
			Map.entry("GET /api/v1/containers/{id}/logs", Rule.CONTAINER_INSPECT),
			Map.entry("GET /api/v1/images", Rule.SIGNED_IN), Map.entry("POST /api/v1/images/load", Rule.IMAGE_CHANGE),
			Map.entry("POST /api/v1/images/pull", Rule.IMAGE_CHANGE), Map.entry("GET /api/v1/networks", Rule.SIGNED_IN),
			Map.entry("POST /api/v1/networks", Rule.CONTAINER_DEVELOP),
			Map.entry("GET /api/v1/networks/{name}", Rule.CONTAINER_INSPECT),
			Map.entry("DELETE /api/v1/networks/{name}", Rule.CONTAINER_DEVELOP),
			Map.entry("POST /api/v1/networks/{name}/connect", Rule.CONTAINER_DEVELOP),
			Map.entry("POST /api/v1/networks/{name}/disconnect", Rule.CONTAINER_DEVELOP),
			Map.entry("GET /api/v1/images/{*reference}", Rule.SIGNED_IN),
			Map.entry("DELETE /api/v1/images/{*reference}", Rule.IMAGE_CHANGE),
			Map.entry("POST /api/v1/tokens", Rule.SIGNED_IN), Map.entry("GET /api/v1/tokens", Rule.SIGNED_IN),
			Map.entry("DELETE /api/v1/tokens/{id}", Rule.SIGNED_IN),
			Map.entry("GET /api/v1/system/info", Rule.SIGNED_IN), Map.entry("GET /api/v1/users", Rule.ADMIN),
			Map.entry("GET /api/v1/users/me", Rule.SIGNED_IN), Map.entry("POST /api/v1/users", Rule.ADMIN),
			Map.entry("POST /api/v1/users/{id}/disable", Rule.ADMIN), Map.entry("GET /api/v1/teams", Rule.SIGNED_IN),
			Map.entry("POST /api/v1/teams", Rule.ADMIN),
			Map.entry("PUT /api/v1/teams/{team}/members/{username}", Rule.ADMIN),
			Map.entry("DELETE /api/v1/teams/{team}/members/{username}", Rule.ADMIN),
			Map.entry("PUT /api/v1/teams/{team}/quota", Rule.ADMIN), Map.entry("GET /api/v1/audit", Rule.ADMIN),
			Map.entry("GET /api/v1/audit/export", Rule.ADMIN));

	@BeforeEach
	void createTeamsUsersAndTokensOnce() throws Exception {
		if (!tokens.isEmpty()) {
			return;
		}
		tokens.put(Role.ADMIN, mintToken("admin", ADMIN_PASSWORD, "full"));
		tokens.put(Role.READ_ONLY_TOKEN, mintToken("admin", ADMIN_PASSWORD, "read"));
		asAdmin(post("/api/v1/teams"), "{\"name\":\"alpha\"}", 201);
		asAdmin(post("/api/v1/teams"), "{\"name\":\"beta\"}", 201);
		Map<Role, String> members = Map.of(Role.VIEWER, "alpha:viewer", Role.OPERATOR, "alpha:operator", Role.DEVELOPER,
				"alpha:developer", Role.OTHER_TEAM, "beta:developer");
		for (Map.Entry<Role, String> member : members.entrySet()) {
			String username = member.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
			String[] teamAndRole = member.getValue().split(":");
			asAdmin(post("/api/v1/users"), "{\"username\":\"" + username + "\",\"password\":\"" + USER_PASSWORD + "\"}",
					201);
			asAdmin(put("/api/v1/teams/{team}/members/{user}", teamAndRole[0], username),
					"{\"role\":\"" + teamAndRole[1] + "\"}", 200);
			tokens.put(member.getKey(), mintToken(username, USER_PASSWORD, "full"));
		}
		asAdmin(post("/api/v1/users"), "{\"username\":\"bystander\",\"password\":\"" + USER_PASSWORD + "\"}", 201);
		long alpha = teamId("alpha");
		long beta = teamId("beta");
		this.jdbc.sql("INSERT INTO container_owners (container_id, team_id, container_name) VALUES (?, ?, ?)")
			.params(CONTAINER_ID, alpha, "alpha-box")
			.update();
		// Networks are records under the data root; written as the driver writes them, no
		// bridge exists until a container joins.
		int third = 240;
		for (String network : List.of(TEAM_NETWORK, DOOMED_NETWORK)) {
			java.nio.file.Files.createDirectories(dataRoot.resolve("networks"));
			java.nio.file.Files.writeString(dataRoot.resolve("networks/" + network + ".json"), "{\"name\":\"" + network
					+ "\",\"bridge\":\"bh-matrix" + third + "\",\"subnet\":\"10.231." + third
					+ ".0/24\",\"gateway\":\"10.231." + third
					+ ".1\",\"mtu\":1500,\"internal\":false,\"created\":\"2026-01-01T00:00:00Z\",\"team\":\"alpha\"}");
			third++;
		}
		this.jdbc.sql("INSERT INTO container_owners (container_id, team_id, container_name) VALUES (?, ?, ?)")
			.params(OTHER_TEAMS_CONTAINER_ID, beta, "beta-box")
			.update();
	}

	@Test
	void everyNativeEndpointHasAnExpectedRule() {
		assertThat(nativeEndpoints()).as("native API endpoints; add new ones to RULES with the access they need")
			.containsExactlyInAnyOrderElementsOf(RULES.keySet());
	}

	@Test
	void everyEndpointAnswersEveryRoleAsTheRulesSay() throws Exception {
		List<String> wrong = new ArrayList<>();
		int calls = 0;
		for (String endpoint : nativeEndpoints()) {
			Rule rule = RULES.get(endpoint);
			assertThat(rule).as("rule for " + endpoint).isNotNull();
			for (Role role : Role.values()) {
				MockHttpServletResponse response = call(endpoint, role);
				calls++;
				Expected expected = expected(endpoint, rule, role);
				if (!expected.matches(response)) {
					wrong.add(role + " " + endpoint + ": expected " + expected + " but got " + response.getStatus()
							+ " " + response.getContentAsString());
				}
			}
		}
		assertThat(wrong).as("wrong answers out of " + calls + " calls").isEmpty();
	}

	@Test
	void anotherTeamsContainerIsHiddenByIdByNameAndByPrefix() throws Exception {
		for (String reference : List.of(CONTAINER_ID, "alpha-box", CONTAINER_ID.substring(0, 12))) {
			MockHttpServletResponse response = call("GET /api/v1/containers/{id}".replace("{id}", reference),
					Role.OTHER_TEAM);
			assertThat(response.getStatus()).as(reference).isEqualTo(404);
			assertThat(response.getContentAsString()).contains("among the containers you can see")
				.doesNotContain("alpha-box".equals(reference) ? CONTAINER_ID : "alpha-box");
		}
	}

	@Test
	void creatingWithoutATeamNeedsTheTeamWhenTheCallerHasSeveral() throws Exception {
		asAdmin(put("/api/v1/teams/{team}/members/{user}", "beta", "bystander"), "{\"role\":\"developer\"}", 200);
		asAdmin(put("/api/v1/teams/{team}/members/{user}", "alpha", "bystander"), "{\"role\":\"developer\"}", 200);
		String token = mintToken("bystander", USER_PASSWORD, "full");
		MockHttpServletResponse response = this.mvc
			.perform(post("/api/v1/containers").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"image\":\"busybox\"}"))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).contains("alpha").contains("beta").contains("'team'");
	}

	@Test
	void aDisabledUsersTokensStopWorking() throws Exception {
		asAdmin(post("/api/v1/users"), "{\"username\":\"leaver\",\"password\":\"" + USER_PASSWORD + "\"}", 201);
		String token = mintToken("leaver", USER_PASSWORD, "full");
		long id = this.jdbc.sql("SELECT id FROM users WHERE username = 'leaver'").query(Long.class).single();
		assertThat(this.mvc
			.perform(request(HttpMethod.GET, "/api/v1/users/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(200);
		asAdmin(post("/api/v1/users/{id}/disable", id), "{}", 200);
		assertThat(this.mvc
			.perform(request(HttpMethod.GET, "/api/v1/users/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(401);
		assertThat(this.mvc
			.perform(post("/api/v1/tokens").with(httpBasic("leaver", USER_PASSWORD))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"again\"}"))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(401);
	}

	@Test
	void userPasswordsShorterThanTwelveCharactersAreRefused() throws Exception {
		MockHttpServletResponse response = this.mvc
			.perform(post("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(Role.ADMIN))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"username\":\"shorty\",\"password\":\"elevenchars\"}"))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).contains("12 characters");
	}

	@Test
	void aCreateBeyondTheTeamsQuotaIsRefusedNamingUseAndLimit() throws Exception {
		asAdmin(post("/api/v1/teams"), "{\"name\":\"tight\"}", 201);
		asAdmin(put("/api/v1/teams/{team}/members/{user}", "tight", "developer"), "{\"role\":\"developer\"}", 200);
		asAdmin(put("/api/v1/teams/{team}/quota", "tight"), "{\"memoryBytes\":104857600}", 200);
		MockHttpServletResponse memory = createAsDeveloper("tight");
		assertThat(memory.getStatus()).isEqualTo(403);
		assertThat(memory.getContentAsString()).contains("uses 0 MiB of its 100 MiB").contains("asks for 512 MiB");
		asAdmin(put("/api/v1/teams/{team}/quota", "tight"), "{\"containers\":0}", 200);
		MockHttpServletResponse count = createAsDeveloper("tight");
		assertThat(count.getStatus()).isEqualTo(403);
		assertThat(count.getContentAsString()).contains("has 0 of its 0 containers");
		asAdmin(put("/api/v1/teams/{team}/quota", "tight"), "{}", 200);
		assertThat(createAsDeveloper("tight").getContentAsString()).doesNotContain("quota");
	}

	private MockHttpServletResponse createAsDeveloper(String team) throws Exception {
		return this.mvc
			.perform(
					post("/api/v1/containers").header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(Role.DEVELOPER))
						.contentType(MediaType.APPLICATION_JSON)
						.content("{\"image\":\"no-such-image:1\",\"team\":\"" + team + "\"}"))
			.andReturn()
			.getResponse();
	}

	private Set<String> nativeEndpoints() {
		Set<String> endpoints = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			for (String pattern : info.getPatternValues()) {
				if (!pattern.startsWith("/api/")) {
					continue;
				}
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				assertThat(methods).as(pattern + " must name its HTTP methods").isNotEmpty();
				methods.forEach((method) -> endpoints.add(method.name() + " " + pattern));
			}
		}
		return endpoints;
	}

	private Expected expected(String endpoint, Rule rule, Role role) {
		boolean read = endpoint.startsWith("GET ") || endpoint.startsWith("HEAD ");
		return switch (role) {
			case NOBODY -> Expected.UNAUTHENTICATED;
			case READ_ONLY_TOKEN -> read ? expected(endpoint, rule, Role.ADMIN) : Expected.FORBIDDEN;
			case ADMIN -> Expected.ALLOWED;
			case VIEWER, OPERATOR, DEVELOPER, OTHER_TEAM -> switch (rule) {
				case SIGNED_IN -> Expected.ALLOWED;
				case ADMIN -> Expected.FORBIDDEN;
				case IMAGE_CHANGE ->
					(role == Role.DEVELOPER || role == Role.OTHER_TEAM) ? Expected.ALLOWED : Expected.FORBIDDEN;
				case CONTAINER_INSPECT -> (role == Role.OTHER_TEAM) ? Expected.HIDDEN : Expected.ALLOWED;
				case CONTAINER_OPERATE -> (role == Role.OTHER_TEAM) ? Expected.HIDDEN
						: (role == Role.VIEWER) ? Expected.FORBIDDEN : Expected.ALLOWED;
				case CONTAINER_DEVELOP -> (role == Role.OTHER_TEAM) ? Expected.HIDDEN
						: (role == Role.DEVELOPER) ? Expected.ALLOWED : Expected.FORBIDDEN;
			};
		};
	}

	private MockHttpServletResponse call(String endpoint, Role role) throws Exception {
		String method = endpoint.substring(0, endpoint.indexOf(' '));
		String pattern = endpoint.substring(endpoint.indexOf(' ') + 1);
		String path = concrete(pattern);
		if (endpoint.equals("DELETE /api/v1/networks/{name}")) {
			// the first allowed caller removes it; those after see it gone
			path = "/api/v1/networks/" + DOOMED_NETWORK;
		}
		MockHttpServletRequestBuilder request = request(HttpMethod.valueOf(method), path);
		if (role != Role.NOBODY) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(role));
		}
		String body = bodyFor(method + " " + pattern);
		if (pattern.equals("/api/v1/images/load")) {
			request.contentType("application/x-tar").content(new byte[0]);
		}
		else if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(body);
		}
		if (pattern.endsWith("/wait")) {
			request.param("timeout", "0");
		}
		return this.mvc.perform(request).andReturn().getResponse();
	}

	private static String concrete(String pattern) {
		String path = pattern;
		if (path.startsWith("/api/v1/containers/")) {
			path = path.replace("{id}", CONTAINER_ID);
		}
		return path.replace("{id}", "999999")
			.replace("{*reference}", "no-such-image:1")
			.replace("{name}", TEAM_NETWORK)
			.replace("{team}", "alpha")
			.replace("{username}", "bystander");
	}

	private String bodyFor(String endpoint) {
		int n = unique.incrementAndGet();
		return switch (endpoint) {
			case "POST /api/v1/containers" -> "{\"image\":\"no-such-image:1\",\"team\":\"alpha\"}";
			// No command: an allowed caller gets a 400 before anything runs.
			case "POST /api/v1/containers/{id}/exec" -> "{\"command\":[]}";
			// A malformed reference: an allowed caller gets a 400 without any network
			// traffic.
			case "POST /api/v1/images/pull" -> "{\"reference\":\"Not A Reference\"}";
			// An invalid subnet: an allowed caller gets a 400 and nothing is made on the
			// host.
			case "POST /api/v1/networks" ->
				"{\"name\":\"made-" + n + "\",\"subnet\":\"not-a-subnet\",\"team\":\"alpha\"}";
			// The team's container, resolved (and refused) before the network is looked
			// at.
			case "POST /api/v1/networks/{name}/connect", "POST /api/v1/networks/{name}/disconnect" ->
				"{\"container\":\"" + CONTAINER_ID + "\"}";
			case "POST /api/v1/users" -> "{\"username\":\"made-" + n + "\",\"password\":\"" + USER_PASSWORD + "\"}";
			case "POST /api/v1/teams" -> "{\"name\":\"made-" + n + "\"}";
			case "PUT /api/v1/teams/{team}/members/{username}" -> "{\"role\":\"viewer\"}";
			case "PUT /api/v1/teams/{team}/quota" -> "{\"containers\":1000}";
			case "POST /api/v1/tokens" -> "{\"name\":\"matrix-" + n + "\"}";
			default -> null;
		};
	}

	private String mintToken(String username, String password, String scope) throws Exception {
		MockHttpServletResponse response = this.mvc
			.perform(post("/api/v1/tokens").with(httpBasic(username, password))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"matrix\",\"scope\":\"" + scope + "\"}"))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
		return this.json.readTree(response.getContentAsString()).get("token").asString();
	}

	private void asAdmin(MockHttpServletRequestBuilder request, String body, int status) throws Exception {
		MockHttpServletResponse response = this.mvc
			.perform(request.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(Role.ADMIN))
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
	}

	private long teamId(String name) {
		return this.jdbc.sql("SELECT id FROM teams WHERE name = ?").param(name).query(Long.class).single();
	}

	/** The class of answer a role should get. */
	enum Expected {

		UNAUTHENTICATED, FORBIDDEN, HIDDEN, ALLOWED;

		boolean matches(MockHttpServletResponse response) throws Exception {
			int status = response.getStatus();
			String body = response.getContentAsString();
			boolean hiddenByAccess = status == 404 && HIDDEN_PHRASES.stream().anyMatch(body::contains);
			return switch (this) {
				case UNAUTHENTICATED -> status == 401;
				case FORBIDDEN -> status == 403;
				case HIDDEN -> hiddenByAccess;
				case ALLOWED -> status != 401 && status != 403 && !hiddenByAccess && status < 500;
			};
		}

	}

}
