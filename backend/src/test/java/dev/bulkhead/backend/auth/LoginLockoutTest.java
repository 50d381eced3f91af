package dev.bulkhead.backend.auth;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Lock-out after failed sign-ins (form login and HTTP Basic alike), per-address
 * throttling, the password policy on create and reset, and the administrator's account
 * actions, through the real security chains.
 */
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LoginLockoutTest {

	private static final String ADMIN_PASSWORD = "lockout-admin-password";

	private static final String PASSWORD = "mallory's long passphrase";

	@TempDir
	static Path dataRoot;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("bulkhead.data-root", () -> dataRoot.toString());
		registry.add(FirstAdminInitializer.PASSWORD_VARIABLE, () -> ADMIN_PASSWORD);
		registry.add("bulkhead.login.max-failures-per-address", () -> "8");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Environment environment;

	@Test
	void fiveFailedSignInsLockTheAccountForFormLoginAndTokenMintingUntilAnAdminUnlocksIt() throws Exception {
		long id = createUser("mallory", PASSWORD);
		for (int i = 0; i < 5; i++) {
			assertThat(formLogin("mallory", "wrong guess " + i, "198.51.100." + i).getRedirectedUrl())
				.isEqualTo("/login?error");
		}
		// The right password no longer helps, on either way in.
		assertThat(formLogin("mallory", PASSWORD, "198.51.100.99").getRedirectedUrl()).isEqualTo("/login?locked");
		MockHttpServletResponse basic = mint("mallory", PASSWORD);
		assertThat(basic.getStatus()).isEqualTo(429);
		assertThat(basic.getHeader(HttpHeaders.RETRY_AFTER)).isNotBlank();
		assertThat(basic.getContentAsString()).contains("is locked after too many failed sign-ins")
			.contains("ask an administrator to unlock it");
		assertThat(this.mvc.perform(get("/login").param("locked", "")).andReturn().getResponse().getContentAsString())
			.contains("Too many failed sign-ins");

		JsonNode view = this.json.readTree(asAdmin(get("/api/v1/users"), null, 200));
		assertThat(view.findValues("lockedUntil").stream().filter((v) -> !v.isNull())).hasSize(1);
		assertThat(auditActions()).contains("mallory account-locked denied", "mallory sign-in denied");

		asAdmin(post("/api/v1/users/{id}/unlock", id), null, 200);
		assertThat(mint("mallory", PASSWORD).getStatus()).isEqualTo(201);
		assertThat(auditActions()).contains("admin POST /api/v1/users/{id}/unlock success");
	}

	@Test
	void anUnknownUsernameIsLockedLikeARealOneSoLocksRevealNothing() throws Exception {
		for (int i = 0; i < 5; i++) {
			formLogin("nobody-here", "guess " + i, "203.0.113." + i);
		}
		MockHttpServletResponse response = mint("nobody-here", "guess");
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getContentAsString()).contains("the account nobody-here is locked");
	}

	@Test
	void anAddressWithTooManyFailuresIsRefusedEvenWithARightPassword() throws Exception {
		createUser("niaj", PASSWORD);
		for (int i = 0; i < 8; i++) {
			formLogin("sprayed-" + i, "guess", "192.0.2.66");
		}
		assertThat(formLogin("niaj", PASSWORD, "192.0.2.66").getRedirectedUrl()).isEqualTo("/login?locked");
		assertThat(formLogin("niaj", PASSWORD, "192.0.2.67").getRedirectedUrl()).isEqualTo("/");
		assertThat(auditActions()).contains("sprayed-7 address-throttled denied");
	}

	@Test
	void passwordsAreCheckedOnCreateAndResetWithAProblemSayingWhy() throws Exception {
		String shortOne = asAdmin(post("/api/v1/users"), "{\"username\":\"olivia\",\"password\":\"short\"}", 400);
		assertThat(shortOne).contains("at least 12 characters").contains("this one has 5");
		assertThat(asAdmin(post("/api/v1/users"),
				"{\"username\":\"olivia-long-name\",\"password\":\"olivia-long-name\"}", 400))
			.contains("must not be the username");
		assertThat(asAdmin(post("/api/v1/users"), "{\"username\":\"olivia\",\"password\":\"Password1234\"}", 400))
			.contains("most common passwords");
		long id = createUser("olivia", PASSWORD);
		assertThat(asAdmin(post("/api/v1/users/{id}/password", id), "{\"password\":\"qwerty123456\"}", 400))
			.contains("most common passwords");
		asAdmin(post("/api/v1/users/{id}/password", id), "{\"password\":\"an entirely new passphrase\"}", 200);
		assertThat(mint("olivia", PASSWORD).getStatus()).isEqualTo(401);
		assertThat(mint("olivia", "an entirely new passphrase").getStatus()).isEqualTo(201);
	}

	@Test
	void aResetLiftsALockOut() throws Exception {
		long id = createUser("peggy", PASSWORD);
		for (int i = 0; i < 5; i++) {
			formLogin("peggy", "wrong " + i, "198.18.0." + i);
		}
		assertThat(mint("peggy", PASSWORD).getStatus()).isEqualTo(429);
		asAdmin(post("/api/v1/users/{id}/password", id), "{\"password\":\"peggy's fresh passphrase\"}", 200);
		assertThat(mint("peggy", "peggy's fresh passphrase").getStatus()).isEqualTo(201);
	}

	@Test
	void disabledAccountsCanBeEnabledAgainAndDeletedAccountsLoseTheirTokens() throws Exception {
		long id = createUser("rupert", PASSWORD);
		String token = this.json.readTree(mint("rupert", PASSWORD).getContentAsString()).get("token").asString();
		asAdmin(post("/api/v1/users/{id}/disable", id), null, 200);
		assertThat(mint("rupert", PASSWORD).getStatus()).isEqualTo(401);
		asAdmin(post("/api/v1/users/{id}/enable", id), null, 200);
		assertThat(withToken(token)).isEqualTo(200);
		asAdmin(delete("/api/v1/users/{id}", id), null, 204);
		assertThat(withToken(token)).isEqualTo(401);
		asAdmin(delete("/api/v1/users/{id}", id), null, 404);
		long admin = this.jdbc.sql("SELECT id FROM users WHERE username = 'admin'").query(Long.class).single();
		assertThat(asAdmin(delete("/api/v1/users/{id}", admin), null, 409)).contains("your own account");
	}

	@Test
	void sessionsExpireAfterThirtyIdleMinutesByDefaultAndLogoutEndsThem() throws Exception {
		assertThat(this.environment.getProperty("server.servlet.session.timeout", Duration.class))
			.isEqualTo(Duration.ofMinutes(30));
		createUser("sybil", PASSWORD);
		MockHttpServletResponse login = formLogin("sybil", PASSWORD, "127.0.0.1");
		assertThat(login.getRedirectedUrl()).isEqualTo("/");
		MockHttpSession session = this.lastSession;
		assertThat(this.mvc.perform(get("/containers").session(session)).andReturn().getResponse().getStatus())
			.isEqualTo(200);
		this.mvc.perform(post("/logout").session(session).with(csrf())).andReturn();
		assertThat(session.isInvalid()).isTrue();
		assertThat(this.mvc.perform(get("/containers").session(new MockHttpSession()))
			.andReturn()
			.getResponse()
			.getRedirectedUrl()).isEqualTo("/login");
	}

	private static String adminToken;

	private MockHttpSession lastSession;

	private MockHttpServletResponse formLogin(String username, String password, String address) throws Exception {
		var result = this.mvc.perform(
				post("/login").param("username", username).param("password", password).with(csrf()).with(from(address)))
			.andReturn();
		this.lastSession = (MockHttpSession) result.getRequest().getSession();
		return result.getResponse();
	}

	private MockHttpServletResponse mint(String username, String password) throws Exception {
		return this.mvc
			.perform(post("/api/v1/tokens").with(httpBasic(username, password))
				.with(from("127.0.0.2"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"lockout\"}"))
			.andReturn()
			.getResponse();
	}

	private int withToken(String token) throws Exception {
		return this.mvc.perform(get("/api/v1/users/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andReturn()
			.getResponse()
			.getStatus();
	}

	private long createUser(String username, String password) throws Exception {
		String body = asAdmin(post("/api/v1/users"),
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", 201);
		return this.json.readTree(body).get("id").asLong();
	}

	private String asAdmin(MockHttpServletRequestBuilder request, String body, int status) throws Exception {
		if (adminToken == null) {
			// HTTP Basic is only for minting tokens; everything else takes a bearer
			// token.
			MockHttpServletResponse minted = mint("admin", ADMIN_PASSWORD);
			adminToken = this.json.readTree(minted.getContentAsString()).get("token").asString();
		}
		request.header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(body);
		}
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
		return response.getContentAsString();
	}

	private java.util.List<String> auditActions() {
		return this.jdbc.sql("SELECT CONCAT_WS(' ', actor, action, outcome) FROM audit_events ORDER BY id")
			.query(String.class)
			.list();
	}

	private static RequestPostProcessor from(String address) {
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

}
