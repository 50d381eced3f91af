package dev.bulkhead.backend.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

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
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TokenLifecycleTest {

	private static final String ADMIN_PASSWORD = "correct horse battery staple";

	@TempDir
	static Path dataRoot;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("bulkhead.data-root", () -> dataRoot.toString());
		registry.add(FirstAdminInitializer.PASSWORD_VARIABLE, () -> ADMIN_PASSWORD);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserRepository users;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	ApiTokens tokens;

	@Test
	void adminPasswordFromTheEnvironmentIsUsedAndNoPasswordFileIsWritten() throws Exception {
		assertThat(dataRoot.resolve(InitialPasswordFile.FILE_NAME)).doesNotExist();
		this.mvc.perform(createToken("from-env", 1).with(httpBasic("admin", ADMIN_PASSWORD)))
			.andExpect(status().isCreated());
	}

	@Test
	void tokenCreatedWithBasicAuthenticatesBearerRequests() throws Exception {
		JsonNode created = created(createToken("ci", 7).with(httpBasic("admin", ADMIN_PASSWORD)));
		String token = created.get("token").asString();
		assertThat(token).startsWith("bkh_").hasSize(4 + 43);
		assertThat(Instant.parse(created.get("expiresAt").asString())).isCloseTo(Instant.now().plus(7, ChronoUnit.DAYS),
				within(1, ChronoUnit.MINUTES));

		this.mvc.perform(get("/api/v1/system/info").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.dataRoot").value(dataRoot.toAbsolutePath().toString()))
			.andExpect(jsonPath("$.runRoot").value(dataRoot.resolve("run").toAbsolutePath().toString()))
			.andExpect(jsonPath("$.cgroupVersion").isString())
			.andExpect(jsonPath("$.runtime").exists());
	}

	@Test
	void onlyTheHashOfATokenIsStoredAndListingNeverShowsTheSecret() throws Exception {
		String token = created(createToken("listed", 3).with(httpBasic("admin", ADMIN_PASSWORD))).get("token")
			.asString();
		long stored = this.jdbc.sql("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?")
			.param(TokenSecrets.hash(token))
			.query(Long.class)
			.single();
		assertThat(stored).isEqualTo(1);
		String listing = this.mvc.perform(get("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].name", hasItem("listed")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(listing).doesNotContain(token).doesNotContain(TokenSecrets.hash(token)).doesNotContain("\"token\"");
	}

	@Test
	void expiredTokenIsRefused() throws Exception {
		JsonNode created = created(createToken("short-lived", 1).with(httpBasic("admin", ADMIN_PASSWORD)));
		this.jdbc.sql("UPDATE api_tokens SET expires_at = ? WHERE id = ?")
			.params(Instant.now().minusSeconds(1), created.get("id").asLong())
			.update();
		this.mvc
			.perform(get("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + created.get("token").asString()))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("invalid_token")))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void revokedTokenIsRefusedAndListedAsInactive() throws Exception {
		String keeper = created(createToken("keeper", 1).with(httpBasic("admin", ADMIN_PASSWORD))).get("token")
			.asString();
		JsonNode doomed = created(createToken("doomed", 1).with(httpBasic("admin", ADMIN_PASSWORD)));
		String doomedToken = doomed.get("token").asString();
		this.mvc.perform(get("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + doomedToken))
			.andExpect(status().isOk());

		this.mvc.perform(delete("/api/v1/tokens/{id}", doomed.get("id").asLong()).header(HttpHeaders.AUTHORIZATION,
				"Bearer " + keeper))
			.andExpect(status().isNoContent());

		this.mvc.perform(get("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + doomedToken))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + keeper))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.name == 'doomed')].active").value(false))
			.andExpect(jsonPath("$[?(@.name == 'doomed')].lastUsedAt").isNotEmpty());
	}

	@Test
	void aUserCannotRevokeAnotherUsersToken() throws Exception {
		long otherId = this.users.create("other-" + System.nanoTime(), this.passwordEncoder.encode("irrelevant-pw"),
				false, Instant.now());
		var others = this.tokens.create(new BulkheadUser(otherId, "other", false), "theirs", 1, TokenScope.FULL);
		String mine = created(createToken("mine", 1).with(httpBasic("admin", ADMIN_PASSWORD))).get("token").asString();

		this.mvc.perform(delete("/api/v1/tokens/{id}", others.id()).header(HttpHeaders.AUTHORIZATION, "Bearer " + mine))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("https://bulkhead.dev/problems/not-found"));
		assertThat(this.tokens.authenticate(others.token())).isPresent();
	}

	@Test
	void basicAuthenticationIsAcceptedOnlyToCreateAToken() throws Exception {
		this.mvc.perform(get("/api/v1/tokens").with(httpBasic("admin", ADMIN_PASSWORD)))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("Bearer")));
		this.mvc.perform(get("/api/v1/system/info").with(httpBasic("admin", ADMIN_PASSWORD)))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void wrongPasswordCannotCreateAToken() throws Exception {
		this.mvc.perform(createToken("nope", 1).with(httpBasic("admin", "wrong password")))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void unauthenticatedApiCallIsAProblemWithABearerChallenge() throws Exception {
		this.mvc.perform(get("/api/v1/system/info"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("Bearer")))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.type").value("https://bulkhead.dev/problems/unauthenticated"))
			.andExpect(jsonPath("$.detail", containsString("POST /api/v1/tokens")));
	}

	@Test
	void openApiDocumentNeedsAuthentication() throws Exception {
		this.mvc.perform(get("/v3/api-docs")).andExpect(status().isUnauthorized());
		String token = created(createToken("docs", 1).with(httpBasic("admin", ADMIN_PASSWORD))).get("token").asString();
		this.mvc.perform(get("/v3/api-docs").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/v1/tokens']").exists())
			.andExpect(jsonPath("$.paths['/api/v1/users/{id}/unlock'].post.summary").exists())
			.andExpect(jsonPath("$.paths['/api/v1/users/{id}/password'].post.summary").exists())
			.andExpect(jsonPath("$.paths['/api/v1/teams/{team}'].get.summary").exists())
			.andExpect(jsonPath("$.paths['/api/v1/teams/{team}/quota'].put.description").exists());
	}

	@Test
	void tokenRequestIsValidatedFieldByField() throws Exception {
		this.mvc
			.perform(post("/api/v1/tokens").with(httpBasic("admin", ADMIN_PASSWORD))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"\", \"expiresInDays\": 366}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[*].field", hasItem("name")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("expiresInDays")))
			.andExpect(jsonPath("$.detail", containsString("expiresInDays")));
	}

	@Test
	void expiryDefaultsToThirtyDays() throws Exception {
		JsonNode created = created(post("/api/v1/tokens").with(httpBasic("admin", ADMIN_PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"default\"}"));
		assertThat(Instant.parse(created.get("expiresAt").asString()))
			.isCloseTo(Instant.now().plus(30, ChronoUnit.DAYS), within(1, ChronoUnit.MINUTES));
	}

	@Test
	void dataRootHoldsTheDatabase() {
		assertThat(Files.isDirectory(dataRoot.resolve("db"))).isTrue();
		assertThat(dataRoot.resolve("db").resolve("bulkhead.mv.db")).exists();
	}

	private static MockHttpServletRequestBuilder createToken(String name, int days) {
		return post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"" + name + "\", \"expiresInDays\": " + days + "}");
	}

	private JsonNode created(MockHttpServletRequestBuilder request) throws Exception {
		String body = this.mvc.perform(request)
			.andExpect(status().isCreated())
			.andExpect(header().string(HttpHeaders.LOCATION, containsString("/api/v1/tokens/")))
			.andExpect(jsonPath("$.token").isString())
			.andExpect(jsonPath("$.lastUsedAt").doesNotExist())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return this.json.readTree(body);
	}

}
