package dev.bulkhead.backend.teams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.backend.auth.BulkheadUser;
import dev.bulkhead.backend.teams.AccessRules.Expected;
import dev.bulkhead.backend.teams.AccessRules.Role;
import dev.bulkhead.backend.teams.AccessRules.Rule;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.bulkhead.runtime.volumes.Volume;
import dev.bulkhead.runtime.volumes.VolumeStore;

import static dev.bulkhead.backend.teams.AccessRules.DOCKER_RULES;
import static dev.bulkhead.backend.teams.AccessRules.PAGE_RULES;
import static dev.bulkhead.backend.teams.AccessRules.dockerBodyFor;
import static dev.bulkhead.backend.teams.AccessRules.RULES;
import static dev.bulkhead.backend.teams.AccessRules.bodyFor;
import static dev.bulkhead.backend.teams.AccessRules.concrete;
import static dev.bulkhead.backend.teams.AccessRules.expected;
import static dev.bulkhead.backend.teams.AccessRules.formFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
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

	private static final String USER_PASSWORD = AccessRules.USER_PASSWORD;

	private static final String CONTAINER_ID = AccessRules.CONTAINER_ID;

	private static final String OTHER_TEAMS_CONTAINER_ID = "beef".repeat(16);

	/** A volume of team alpha, made again before each call that may remove it. */
	private static final String VOLUME = "alpha-data";

	/** A network of team alpha, as its record on disk. */
	private static final String TEAM_NETWORK = AccessRules.TEAM_NETWORK;

	/** Another network of team alpha, for the removal. */
	private static final String DOOMED_NETWORK = "alpha-doomed";

	/** A third network of team alpha, for the removal from the dashboard. */
	private static final String PAGE_DOOMED_NETWORK = "alpha-doomed-page";

	/** A fourth network of team alpha, for the removal through the Docker API. */
	private static final String DOCKER_DOOMED_NETWORK = "alpha-doomed-docker";

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

	@Autowired
	VolumeStore volumes;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	// Shared by the test methods (one instance each), made once.
	private static final Map<Role, String> tokens = new java.util.EnumMap<>(Role.class);

	@BeforeEach
	void createTeamsUsersAndTokensOnce() throws Exception {
		if (!tokens.isEmpty()) {
			return;
		}
		tokens.put(Role.ADMIN, mintToken("admin", ADMIN_PASSWORD, "full"));
		tokens.put(Role.READ_ONLY_TOKEN, mintToken("admin", ADMIN_PASSWORD, "read"));
		String expired = mintToken("admin", ADMIN_PASSWORD, "full");
		this.jdbc.sql("UPDATE api_tokens SET expires_at = created_at WHERE id = (SELECT MAX(id) FROM api_tokens)")
			.update();
		tokens.put(Role.EXPIRED_TOKEN, expired);
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
		for (String network : List.of(TEAM_NETWORK, DOOMED_NETWORK, PAGE_DOOMED_NETWORK, DOCKER_DOOMED_NETWORK)) {
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
	void everyDockerEndpointHasAnExpectedRule() {
		assertThat(dockerEndpoints()).as("Docker API endpoints; add new ones to DOCKER_RULES with the access they need")
			.containsExactlyInAnyOrderElementsOf(DOCKER_RULES.keySet());
	}

	@Test
	void everyDockerEndpointAnswersEveryRoleAsTheRulesSay() throws Exception {
		List<String> wrong = new ArrayList<>();
		int calls = 0;
		for (String endpoint : dockerEndpoints()) {
			Rule rule = DOCKER_RULES.get(endpoint);
			assertThat(rule).as("rule for " + endpoint).isNotNull();
			for (Role role : Role.values()) {
				MockHttpServletResponse response = callDocker(endpoint, role);
				calls++;
				Expected expected = expected(endpoint, rule, role);
				if (!expected.matches(response)) {
					wrong.add(role + " " + endpoint + ": expected " + expected + " but got " + response.getStatus()
							+ " " + response.getContentAsString());
				}
				else if (response.getStatus() >= 400 && !endpoint.startsWith("HEAD ")) {
					assertThat(response.getContentAsString()).as(role + " " + endpoint + ": Docker's error body")
						.startsWith("{\"message\":");
				}
			}
		}
		assertThat(wrong).as("wrong answers out of " + calls + " calls").isEmpty();
	}

	@Test
	void everyChangingDashboardRouteHasAnExpectedRule() {
		assertThat(dashboardRoutes())
			.as("dashboard routes that change something, and admin pages; add new ones to PAGE_RULES")
			.containsExactlyInAnyOrderElementsOf(PAGE_RULES.keySet());
	}

	@Test
	void everyChangingDashboardRouteAnswersEveryRoleAsTheRulesSay() throws Exception {
		List<String> wrong = new ArrayList<>();
		int calls = 0;
		for (String route : dashboardRoutes()) {
			Rule rule = PAGE_RULES.get(route);
			assertThat(rule).as("rule for " + route).isNotNull();
			for (Role role : Role.values()) {
				MockHttpServletResponse response = callPage(route, role);
				calls++;
				// A bearer token does not sign in to the dashboard: those callers are
				// nobody there.
				Role asSeen = (role == Role.READ_ONLY_TOKEN) ? Role.NOBODY : role;
				Expected expected = expected(route, rule, asSeen);
				if (!expected.matches(response)) {
					wrong.add(role + " " + route + ": expected " + expected + " but got " + response.getStatus() + " "
							+ response.getContentAsString());
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

	/**
	 * The terminal is a WebSocket, registered outside request mappings, so the matrix
	 * above does not see it: its handshake is checked here. An operator's handshake
	 * passes every access rule and reaches the runtime, which knows no such container
	 * here (the accepted handshake with a running container is in the integration tests).
	 */
	@Test
	void terminalHandshakeIsForOperatorsOfTheOwningTeamOnly() throws Exception {
		Map<Role, Integer> refusals = Map.of(Role.NOBODY, 401, Role.READ_ONLY_TOKEN, 403, Role.VIEWER, 403,
				Role.OTHER_TEAM, 404, Role.EXPIRED_TOKEN, 401);
		for (Role role : Role.values()) {
			MockHttpServletRequestBuilder request = get("/api/v1/containers/{id}/exec/ws", CONTAINER_ID)
				.header(HttpHeaders.UPGRADE, "websocket")
				.header(HttpHeaders.CONNECTION, "Upgrade")
				.header("Sec-WebSocket-Version", "13")
				.header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
			if (role != Role.NOBODY) {
				request.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(role));
			}
			MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
			if (refusals.containsKey(role)) {
				assertThat(response.getStatus()).as(role + ": " + response.getContentAsString())
					.isEqualTo(refusals.get(role));
			}
			else {
				assertThat(response.getStatus()).as(role + ": " + response.getContentAsString()).isNotIn(401, 403);
				assertThat(response.getContentAsString()).as(role.name())
					.doesNotContain("among the containers you can see");
			}
		}
		for (Role role : List.of(Role.VIEWER, Role.OPERATOR, Role.OTHER_TEAM)) {
			MockHttpServletResponse page = this.mvc
				.perform(get("/containers/{id}/terminal", CONTAINER_ID).with(authentication(signedIn(role))))
				.andReturn()
				.getResponse();
			switch (role) {
				case VIEWER -> assertThat(page.getStatus()).as("the terminal page for a viewer").isEqualTo(403);
				case OTHER_TEAM -> assertThat(page.getStatus()).as("the terminal page for another team").isEqualTo(404);
				default -> assertThat(page.getContentAsString()).as("the terminal page for an operator")
					.doesNotContain("among the containers you can see")
					.doesNotContain("does not allow you");
			}
		}
		String document = this.mvc
			.perform(get("/v3/api-docs").header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(Role.ADMIN)))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(this.json.readTree(document).path("paths").path("/api/v1/containers/{id}/exec/ws").path("get"))
			.as("the WebSocket is in the API document")
			.isNotEmpty();
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
		asAdmin(put("/api/v1/teams/{team}/quota", "tight"), "{\"cpus\":0.5}", 200);
		MockHttpServletResponse cpus = createAsDeveloper("tight");
		assertThat(cpus.getStatus()).isEqualTo(403);
		assertThat(cpus.getContentAsString()).contains("uses 0 of its 0.5 CPUs quota")
			.contains("this container asks for 1 CPUs");
		asAdmin(put("/api/v1/teams/{team}/quota", "tight"), "{}", 200);
		assertThat(createAsDeveloper("tight").getContentAsString()).doesNotContain("quota");
	}

	@Test
	void anotherTeamsVolumeIsAbsentFromListsAndCannotBeMounted() throws Exception {
		this.volumes.create("beta-secrets", Map.of(), new Volume.Owner(teamId("beta"), "beta"));
		MockHttpServletResponse list = call("GET /api/v1/volumes", Role.DEVELOPER);
		assertThat(list.getContentAsString()).doesNotContain("beta-secrets");
		MockHttpServletResponse inspect = call("GET /api/v1/volumes/{name}".replace("{name}", "beta-secrets"),
				Role.DEVELOPER);
		assertThat(inspect.getStatus()).isEqualTo(404);
		MockHttpServletResponse mount = this.mvc
			.perform(
					post("/api/v1/containers").header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(Role.DEVELOPER))
						.contentType(MediaType.APPLICATION_JSON)
						.content("{\"image\":\"no-such-image:1\",\"team\":\"alpha\",\"mounts\":[{\"type\":\"volume\","
								+ "\"source\":\"beta-secrets\",\"target\":\"/data\"}]}"))
			.andReturn()
			.getResponse();
		assertThat(mount.getStatus()).isEqualTo(404);
		assertThat(mount.getContentAsString()).contains("among the volumes you can see");
	}

	@Test
	void aTeamShowsItsQuotaAndUseToItsMembers() throws Exception {
		asAdmin(put("/api/v1/teams/{team}/quota", "alpha"),
				"{\"containers\":10,\"memoryBytes\":1073741824,\"cpus\":2.5,\"volumeBytes\":5368709120}", 200);
		MockHttpServletResponse response = call("GET /api/v1/teams/alpha", Role.VIEWER);
		assertThat(response.getStatus()).isEqualTo(200);
		var team = this.json.readTree(response.getContentAsString());
		assertThat(team.at("/quota/cpus").asDouble()).isEqualTo(2.5);
		assertThat(team.at("/quota/volumeBytes").asLong()).isEqualTo(5368709120L);
		// The two rows of container_owners here have no container in the runtime, and
		// there are no volumes yet: nothing is in use.
		assertThat(team.at("/usage/containers").asLong()).isZero();
		assertThat(team.at("/usage/volumeBytes").asLong()).isZero();
		asAdmin(put("/api/v1/teams/{team}/quota", "alpha"), "{\"cpus\":-1}", 400);
		asAdmin(put("/api/v1/teams/{team}/quota", "alpha"), "{}", 200);
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

	/**
	 * Every dashboard route that changes something (any method but GET), and the pages
	 * under /admin. Routes without a method condition (the error controller) are
	 * Spring's, not the dashboard's.
	 */
	private Set<String> dashboardRoutes() {
		Set<String> routes = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			for (String pattern : info.getPatternValues()) {
				if (pattern.startsWith("/api/") || pattern.startsWith("/v3/") || pattern.matches("^/v\\d+\\.\\d+/.*")
						|| pattern.startsWith("/{apiVersion") || pattern.equals("/_ping")) {
					continue;
				}
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					if (method != RequestMethod.GET || pattern.startsWith("/admin")) {
						routes.add(method.name() + " " + pattern);
					}
				}
			}
		}
		return routes;
	}

	private MockHttpServletResponse callPage(String route, Role role) throws Exception {
		String method = route.substring(0, route.indexOf(' '));
		String pattern = route.substring(route.indexOf(' ') + 1);
		String path = concrete(pattern);
		if (pattern.equals("/networks/{name}/remove")) {
			// the first allowed caller removes it; those after see it gone
			path = "/networks/" + PAGE_DOOMED_NETWORK + "/remove";
		}
		if (pattern.startsWith("/volumes/{name}")) {
			path = pattern.replace("{name}", VOLUME);
			if (this.volumes.find(VOLUME).isEmpty()) {
				this.volumes.create(VOLUME, Map.of(), new Volume.Owner(teamId("alpha"), "alpha"));
			}
		}
		AbstractMockHttpServletRequestBuilder<?> request = pattern.equals("/images/load")
				? org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart(path)
					.file(new org.springframework.mock.web.MockMultipartFile("file", "not.tar", "application/x-tar",
							"not a tar".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
				: request(HttpMethod.valueOf(method), path);
		request.header("HX-Request", "true").with(csrf());
		formFor(method + " " + pattern).forEach(request::param);
		switch (role) {
			case NOBODY -> {
			}
			case READ_ONLY_TOKEN, EXPIRED_TOKEN ->
				request.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(role));
			default -> request.with(authentication(signedIn(role)));
		}
		return this.mvc.perform(request).andReturn().getResponse();
	}

	private UsernamePasswordAuthenticationToken signedIn(Role role) {
		String username = (role == Role.ADMIN) ? "admin"
				: role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		long id = this.jdbc.sql("SELECT id FROM users WHERE username = ?").param(username).query(Long.class).single();
		BulkheadUser user = new BulkheadUser(id, username, role == Role.ADMIN);
		List<SimpleGrantedAuthority> authorities = new ArrayList<>(List.of(new SimpleGrantedAuthority("ROLE_USER")));
		if (role == Role.ADMIN) {
			authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
		}
		return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
	}

	/** Docker API endpoints, with the version prefix written as {@code /v1.45}. */
	private Set<String> dockerEndpoints() {
		Set<String> endpoints = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			for (String pattern : info.getPatternValues()) {
				if (!pattern.startsWith("/{apiVersion") && !pattern.equals("/_ping")) {
					continue;
				}
				String path = pattern.replaceFirst("^/\\{apiVersion:[^}]*\\}", "/v1.45");
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				assertThat(methods).as(pattern + " must name its HTTP methods").isNotEmpty();
				methods.forEach((method) -> endpoints.add(method.name() + " " + path));
			}
		}
		return endpoints;
	}

	private MockHttpServletResponse callDocker(String endpoint, Role role) throws Exception {
		String method = endpoint.substring(0, endpoint.indexOf(' '));
		String pattern = endpoint.substring(endpoint.indexOf(' ') + 1);
		String path = pattern.replace("{id}", AccessRules.CONTAINER_ID)
			.replace("{name}", TEAM_NETWORK)
			.replace("{execId}", "no-such-exec");
		if (pattern.startsWith("/v1.45/volumes/{name}")) {
			path = pattern.replace("{name}", VOLUME);
			if (this.volumes.find(VOLUME).isEmpty()) {
				this.volumes.create(VOLUME, Map.of(), new Volume.Owner(teamId("alpha"), "alpha"));
			}
		}
		if (endpoint.equals("DELETE /v1.45/networks/{name}")) {
			path = "/v1.45/networks/" + DOCKER_DOOMED_NETWORK;
		}
		path = path.replace("{*rest}", "no-such-image:1"
				+ (endpoint.startsWith("GET ") ? "/json" : endpoint.startsWith("POST ") ? "/tag" : ""));
		MockHttpServletRequestBuilder request = request(HttpMethod.valueOf(method), path);
		if (role != Role.NOBODY) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(role));
		}
		String body = dockerBodyFor(endpoint);
		if (pattern.equals("/v1.45/images/load")) {
			request.contentType("application/x-tar").content(new byte[0]);
		}
		else if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(body);
		}
		if (pattern.endsWith("/rename")) {
			request.param("name", "renamed-" + Long.toString(System.nanoTime(), 36));
		}
		if (pattern.endsWith("/images/create")) {
			request.param("fromImage", "Not A Reference");
		}
		if (pattern.endsWith("/{*rest}") && method.equals("POST")) {
			request.param("repo", "tagged").param("tag", "t" + System.nanoTime());
		}
		if (pattern.endsWith("/logs")) {
			request.param("stdout", "1");
		}
		return this.mvc.perform(request).andReturn().getResponse();
	}

	private MockHttpServletResponse call(String endpoint, Role role) throws Exception {
		String method = endpoint.substring(0, endpoint.indexOf(' '));
		String pattern = endpoint.substring(endpoint.indexOf(' ') + 1);
		String path = concrete(pattern);
		if (endpoint.equals("POST /api/v1/images/{*reference}")) {
			// The catch-all POST is the tag endpoint: {ref}/tag.
			path = path + "/tag";
		}
		if (pattern.startsWith("/api/v1/volumes")) {
			path = pattern.replace("{name}", VOLUME);
			if (this.volumes.find(VOLUME).isEmpty()) {
				this.volumes.create(VOLUME, Map.of(), new Volume.Owner(teamId("alpha"), "alpha"));
			}
		}
		if (endpoint.equals("DELETE /api/v1/networks/{name}")) {
			// the first allowed caller removes it; those after see it gone
			path = "/api/v1/networks/" + DOOMED_NETWORK;
		}
		MockHttpServletRequestBuilder request = request(HttpMethod.valueOf(method), path);
		if (role != Role.NOBODY) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(role));
		}
		String body = bodyFor(method + " " + pattern);
		if (pattern.equals("/api/v1/images/load") || pattern.equals("/api/v1/images/import")) {
			request.contentType("application/x-tar").content(new byte[0]);
		}
		else if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(body);
		}
		if (pattern.endsWith("/wait")) {
			request.param("timeout", "0");
		}
		if (pattern.endsWith("/rename")) {
			request.param("name", "renamed-" + Long.toString(System.nanoTime(), 36));
		}
		return this.mvc.perform(request).andReturn().getResponse();
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

}
