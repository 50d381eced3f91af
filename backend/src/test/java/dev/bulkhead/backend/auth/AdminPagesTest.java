package dev.bulkhead.backend.auth;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The dashboard's administration pages: what an administrator sees and can do, that the
 * server refuses the same to everyone else (the navigation is not the guard), that errors
 * come back for the form that caused them, that destructive actions ask first, and that a
 * new token is shown once.
 */
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AdminPagesTest {

	@TempDir
	static Path dataRoot;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("bulkhead.data-root", () -> dataRoot.toString());
		registry.add(FirstAdminInitializer.PASSWORD_VARIABLE, () -> "admin-pages-password");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void administratorsSeeTheAdminPagesInTheNavigationAndOthersDoNot() throws Exception {
		String asAdmin = page(get("/containers"), admin()).getContentAsString();
		assertThat(asAdmin).contains("href=\"/admin/users\"", "href=\"/admin/audit\"", "href=\"/teams\"",
				"href=\"/tokens\"");
		String asUser = page(get("/containers"), user()).getContentAsString();
		assertThat(asUser).contains("href=\"/teams\"", "href=\"/tokens\"")
			.doesNotContain("/admin/users")
			.doesNotContain("/admin/audit");
	}

	@Test
	void theServerRefusesAdminPagesAndActionsToNonAdministrators() throws Exception {
		assertThat(page(get("/admin/users"), user()).getStatus()).isEqualTo(403);
		assertThat(page(get("/admin/audit"), user()).getStatus()).isEqualTo(403);
		assertThat(page(post("/admin/users").param("username", "sneaky").param("password", "a long passphrase here"),
				user())
			.getStatus()).isEqualTo(403);
		assertThat(page(post("/teams").param("name", "sneaky"), user()).getStatus()).isEqualTo(403);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM users WHERE username = 'sneaky'").query(Long.class).single())
			.isZero();
	}

	@Test
	void anAdministratorCreatesAUserAndAMistakeComesBackForTheForm() throws Exception {
		MockHttpServletResponse bad = page(post("/admin/users").header("HX-Request", "true")
			.param("username", "quentin")
			.param("password", "short"), admin());
		assertThat(bad.getStatus()).isEqualTo(400);
		assertThat(bad.getHeader("HX-Retarget")).isNotNull();
		assertThat(bad.getContentAsString()).contains("at least 12 characters");
		String usersPage = page(get("/admin/users"), admin()).getContentAsString();
		assertThat(usersPage).contains("data-errors=\"#create-user-errors\"", "id=\"create-user-errors\"");

		MockHttpServletResponse good = page(post("/admin/users").header("HX-Request", "true")
			.param("username", "quentin")
			.param("password", "quentin's passphrase"), admin());
		assertThat(good.getStatus()).isEqualTo(204);
		assertThat(good.getHeader("HX-Redirect")).isEqualTo("/admin/users");
		usersPage = page(get("/admin/users"), admin()).getContentAsString();
		assertThat(usersPage).contains("quentin").contains("hx-confirm=\"Delete quentin?");
	}

	@Test
	void aNewTokenIsShownOnceAndListedWithoutItsSecretAfterwards() throws Exception {
		MockHttpServletResponse created = page(post("/tokens").param("name", "from-page").param("scope", "read"),
				user());
		assertThat(created.getStatus()).isEqualTo(200);
		assertThat(created.getHeader("Cache-Control")).isEqualTo("no-store");
		Matcher token = Pattern.compile("value=\"(bkh_[A-Za-z0-9_-]+)\"").matcher(created.getContentAsString());
		assertThat(token.find()).as("the new token is on the page").isTrue();
		String list = page(get("/tokens"), user()).getContentAsString();
		assertThat(list).contains("from-page").contains("read-only").doesNotContain(token.group(1));
		assertThat(list).contains("hx-confirm=\"Revoke token from-page?");
	}

	@Test
	void theTeamsPageShowsUseAgainstQuotaAndTheAuditPageFiltersAndExports() throws Exception {
		String teams = page(get("/teams"), admin()).getContentAsString();
		assertThat(teams).contains("Use against quota", "Containers", "CPUs", "Volumes (MiB)", "no limit");
		page(post("/teams").param("name", "paged"), admin());
		String audit = page(get("/admin/audit").param("outcome", "success").param("action", "/teams"), admin())
			.getContentAsString();
		assertThat(audit).contains("POST /teams")
			.contains("/api/v1/audit/export?format=jsonl&amp;action=/teams&amp;outcome=success")
			.contains("/api/v1/audit/export?format=csv");
		assertThat(page(get("/admin/audit").param("outcome", "maybe"), admin()).getStatus()).isEqualTo(400);
	}

	private MockHttpServletResponse page(MockHttpServletRequestBuilder request, RequestPostProcessor who)
			throws Exception {
		return this.mvc.perform(request.with(who).with(csrf()).accept(MediaType.TEXT_HTML)).andReturn().getResponse();
	}

	private RequestPostProcessor admin() {
		return signedIn(new BulkheadUser(userId("admin"), "admin", true));
	}

	private RequestPostProcessor user() {
		if (this.jdbc.sql("SELECT COUNT(*) FROM users WHERE username = 'paula'").query(Long.class).single() == 0) {
			this.jdbc
				.sql("INSERT INTO users (username, password_hash, admin, enabled, created_at)"
						+ " VALUES ('paula', '{noop}unused', FALSE, TRUE, CURRENT_TIMESTAMP)")
				.update();
		}
		return signedIn(new BulkheadUser(userId("paula"), "paula", false));
	}

	private long userId(String username) {
		return this.jdbc.sql("SELECT id FROM users WHERE username = ?").param(username).query(Long.class).single();
	}

	private static RequestPostProcessor signedIn(BulkheadUser user) {
		return authentication(UsernamePasswordAuthenticationToken.authenticated(user, null, Authorities.of(user)));
	}

}
