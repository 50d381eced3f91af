package dev.bulkhead.backend.images;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import dev.bulkhead.backend.auth.BulkheadUser;
import dev.bulkhead.runtime.registry.RegistryLoginStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The registries page against a tiny HTTP Basic registry on 127.0.0.1: what it lists
 * (stored, configured and plain-HTTP registries, never a password), that a refused login
 * is reported and not stored, that an accepted one is stored with who set it, that every
 * change is audited with the registry as target, and that only administrators get any of
 * it.
 */
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RegistryPagesTest {

	private static final String PASSWORD = "the right one";

	@TempDir
	static Path dataRoot;

	private static final HttpServer registry = basicRegistry();

	private static final String HOST = "127.0.0.1:" + registry.getAddress().getPort();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry properties) {
		properties.add("bulkhead.data-root", () -> dataRoot.toString());
		properties.add("BULKHEAD_ADMIN_PASSWORD", () -> "registry-pages-password");
		properties.add("bulkhead.registries.insecure", () -> HOST + ",plain.example.com:5000");
		properties.add("bulkhead.registries.credentials[configured.example.com].username", () -> "ci-bot");
		properties.add("bulkhead.registries.credentials[configured.example.com].password", () -> "configured-pw");
	}

	@AfterAll
	static void stopRegistry() {
		registry.stop(0);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RegistryLoginStore store;

	@Test
	void aRefusedLoginIsReportedInWordsAndNotStoredAndAnAcceptedOneIsListedWithWhoSetIt() throws Exception {
		MockHttpServletResponse tested = page(post("/admin/registries/test").header("HX-Request", "true")
			.param("registry", HOST)
			.param("username", "alice")
			.param("password", "a wrong one"), admin());
		assertThat(tested.getStatus()).isEqualTo(200);
		assertThat(tested.getContentAsString()).contains("Login refused").contains("401").doesNotContain("a wrong one");

		MockHttpServletResponse refused = page(post("/admin/registries").header("HX-Request", "true")
			.param("registry", HOST)
			.param("username", "alice")
			.param("password", "a wrong one")
			.param("test", "true"), admin());
		assertThat(refused.getStatus()).isEqualTo(400);
		assertThat(refused.getContentAsString()).contains("refused").contains("nothing was stored");
		assertThat(this.store.lookup(HOST)).isEmpty();

		MockHttpServletResponse accepted = page(post("/admin/registries/test").header("HX-Request", "true")
			.param("registry", HOST)
			.param("username", "alice")
			.param("password", PASSWORD), admin());
		assertThat(accepted.getContentAsString()).contains("Login accepted").contains("HTTP Basic");
		MockHttpServletResponse saved = page(post("/admin/registries").header("HX-Request", "true")
			.param("registry", " " + HOST + " ")
			.param("username", "alice")
			.param("password", PASSWORD)
			.param("test", "true"), admin());
		assertThat(saved.getStatus()).isEqualTo(204);
		assertThat(this.store.lookup(HOST))
			.hasValueSatisfying((login) -> assertThat(login.username()).isEqualTo("alice"));

		String listed = page(get("/admin/registries"), admin()).getContentAsString();
		assertThat(listed).contains(HOST).contains("alice").contains("by admin").doesNotContain(PASSWORD);
		assertThat(listed).contains("hx-confirm=\"Delete the stored login for " + HOST);

		List<String> targets = this.jdbc
			.sql("SELECT target FROM audit_events WHERE action LIKE 'POST /admin/registries%' ORDER BY id")
			.query(String.class)
			.list();
		assertThat(targets).contains("/admin/registries/" + HOST + "/test", "/admin/registries/" + HOST);

		assertThat(
				page(post("/admin/registries/" + HOST + "/delete").header("HX-Request", "true"), admin()).getStatus())
			.isEqualTo(204);
		assertThat(this.store.lookup(HOST)).isEmpty();
	}

	@Test
	void thePageListsConfiguredLoginsAndPlainHttpRegistriesWithoutPasswords() throws Exception {
		String listed = page(get("/admin/registries"), admin()).getContentAsString();
		assertThat(listed).contains("configured.example.com").contains("ci-bot").contains("server properties");
		assertThat(listed).contains("plain.example.com:5000").contains("plain HTTP");
		assertThat(listed).doesNotContain("configured-pw");
		assertThat(listed).contains("type=\"password\"").contains("autocomplete=\"off\"");
	}

	@Test
	void nobodyButAnAdministratorGetsThePageOrItsActions() throws Exception {
		assertThat(page(get("/admin/registries"), user()).getStatus()).isEqualTo(403);
		assertThat(page(post("/admin/registries").param("registry", "sneaky.example.com")
			.param("username", "x")
			.param("password", "y"), user()).getStatus()).isEqualTo(403);
		assertThat(page(post("/admin/registries/test").param("registry", HOST)
			.param("username", "alice")
			.param("password", PASSWORD), user()).getStatus()).isEqualTo(403);
		assertThat(this.store.lookup("sneaky.example.com")).isEmpty();
		String nav = page(get("/images"), user()).getContentAsString();
		assertThat(nav).doesNotContain("/admin/registries");
		assertThat(page(get("/images"), admin()).getContentAsString()).contains("href=\"/admin/registries\"");
	}

	private MockHttpServletResponse page(MockHttpServletRequestBuilder request, RequestPostProcessor who)
			throws Exception {
		return this.mvc.perform(request.with(who).with(csrf()).accept(MediaType.TEXT_HTML)).andReturn().getResponse();
	}

	private RequestPostProcessor admin() {
		return signedIn("admin", true);
	}

	private RequestPostProcessor user() {
		if (this.jdbc.sql("SELECT COUNT(*) FROM users WHERE username = 'rita'").query(Long.class).single() == 0) {
			this.jdbc
				.sql("INSERT INTO users (username, password_hash, admin, enabled, created_at)"
						+ " VALUES ('rita', '{noop}unused', FALSE, TRUE, CURRENT_TIMESTAMP)")
				.update();
		}
		return signedIn("rita", false);
	}

	private RequestPostProcessor signedIn(String username, boolean admin) {
		long id = this.jdbc.sql("SELECT id FROM users WHERE username = ?").param(username).query(Long.class).single();
		List<SimpleGrantedAuthority> authorities = new ArrayList<>(List.of(new SimpleGrantedAuthority("ROLE_USER")));
		if (admin) {
			authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
		}
		return authentication(UsernamePasswordAuthenticationToken.authenticated(new BulkheadUser(id, username, admin),
				null, authorities));
	}

	/** A registry whose /v2/ wants HTTP Basic for alice with {@link #PASSWORD}. */
	private static HttpServer basicRegistry() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			String expected = "Basic "
					+ Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
			server.createContext("/v2/", (exchange) -> {
				boolean ok = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
				if (!ok) {
					exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
				}
				byte[] body = (ok ? "{}" : "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
