package dev.bulkhead.backend.auth;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DashboardSecurityTest {

	private static final String ADMIN_PASSWORD = "dashboard-test-password";

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
	dev.bulkhead.backend.system.BulkheadProperties bulkhead;

	@Test
	void aTestThatSetsOnlyItsDataRootKeepsTheRunRootInsideIt() {
		// The test configuration makes the run root follow the data root, so a test can
		// not leave sockets and state under the machine's /run/bulkhead.
		org.assertj.core.api.Assertions.assertThat(this.bulkhead.runRoot()).isEqualTo(dataRoot.resolve("run"));
	}

	@Test
	void loginPageRendersAnAccessibleFormUnderAStrictPolicy() throws Exception {
		this.mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
			.andExpect(content().string(allOf(containsString("<label for=\"username\">"),
					containsString("<label for=\"password\">"), containsString("name=\"_csrf\""),
					containsString("name=\"csrf-token\""), containsString("/webjars/htmx.org/"),
					containsString("/css/bulkhead.css"), containsString("/js/bulkhead.js"),
					containsString("id=\"errors\""), not(containsString("Log out")))))
			.andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
			.andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(header().string("Referrer-Policy", "same-origin"));
	}

	@Test
	void loginPageExplainsAFailedLogin() throws Exception {
		this.mvc.perform(get("/login").param("error", ""))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Wrong username or password")));
	}

	@Test
	void signedInLayoutShowsNavigationUserAndLogout() throws Exception {
		this.mvc.perform(get("/login").with(admin()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("href=\"/containers\""),
					containsString("href=\"/images\""), containsString(">admin<"), containsString("Log out"))));
	}

	@Test
	void pagesNeedASignedInUser() throws Exception {
		this.mvc.perform(get("/containers")).andExpect(redirectedUrl("/login"));
	}

	@Test
	void htmxRequestWithoutSessionIsSentToTheLoginPageAsAWhole() throws Exception {
		this.mvc.perform(get("/containers").header("HX-Request", "true"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("HX-Redirect", "/login"));
	}

	@Test
	@WithBulkheadUser
	void rootGoesToTheOverview() throws Exception {
		this.mvc.perform(get("/")).andExpect(redirectedUrl("/overview"));
	}

	@Test
	@WithBulkheadUser
	void theOverviewShowsQuotaUseAndAlerts() throws Exception {
		this.mvc.perform(get("/overview"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Quota use")))
			.andExpect(content().string(containsString("Nothing needs attention.")));
	}

	@Test
	void staticAssetsArePublic() throws Exception {
		this.mvc.perform(get("/css/bulkhead.css")).andExpect(status().isOk());
		this.mvc.perform(get("/js/bulkhead.js")).andExpect(status().isOk());
		this.mvc.perform(get("/webjars/htmx.org/dist/htmx.min.js")).andExpect(status().isOk());
	}

	@Test
	void uiPostWithoutCsrfTokenIsRefused() throws Exception {
		this.mvc.perform(post("/logout").with(admin())).andExpect(status().isForbidden());
		this.mvc.perform(post("/logout").with(admin()).with(csrf())).andExpect(redirectedUrl("/login?logout"));
	}

	@Test
	void formLoginWithTheConfiguredPasswordSucceeds() throws Exception {
		this.mvc.perform(formLogin("/login").user("admin").password(ADMIN_PASSWORD)).andExpect(redirectedUrl("/"));
		this.mvc.perform(formLogin("/login").user("nobody").password(ADMIN_PASSWORD))
			.andExpect(redirectedUrl("/login?error"));
	}

	@Test
	void apiCallRidingOnADashboardSessionNeedsTheCsrfTokenToChangeState() throws Exception {
		MockHttpSession signedIn = (MockHttpSession) this.mvc
			.perform(formLogin("/login").user("admin").password(ADMIN_PASSWORD))
			.andReturn()
			.getRequest()
			.getSession();
		this.mvc.perform(get("/api/v1/tokens").session(signedIn)).andExpect(status().isOk());
		this.mvc
			.perform(post("/api/v1/tokens").session(signedIn)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"from-the-dashboard\"}"))
			.andExpect(status().isForbidden())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc
			.perform(post("/api/v1/tokens").session(signedIn)
				.with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"from-the-dashboard\"}"))
			.andExpect(status().isCreated());
		this.mvc
			.perform(
					get("/api/v1/tokens").session(new MockHttpSession()).header(HttpHeaders.ACCEPT, "application/json"))
			.andExpect(status().isUnauthorized());
	}

	private static RequestPostProcessor admin() {
		return authentication(
				UsernamePasswordAuthenticationToken.authenticated(new BulkheadUser(1, "admin", true), null, List.of()));
	}

}
