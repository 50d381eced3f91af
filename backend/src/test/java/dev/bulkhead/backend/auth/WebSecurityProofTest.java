package dev.bulkhead.backend.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpHeaders;
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
 * Proof that a cross-site form post is refused (without a CSRF token, with a wrong one,
 * and from a foreign origin even with the right one), and that pages and API answers
 * carry the security headers: a Content-Security-Policy that htmx works under (no inline
 * scripts or styles, no eval), no framing, no sniffing, and a same-origin referrer.
 */
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WebSecurityProofTest {

	private static final String ADMIN_PASSWORD = "proof-admin-password";

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
	JdbcClient jdbc;

	@Test
	void aCrossSiteFormPostIsRefusedWithoutTokenWithAWrongTokenAndFromAForeignOrigin() throws Exception {
		MockHttpServletRequestBuilder createTeam = post("/teams").param("name", "forged")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED);
		assertThat(status(createTeam.with(admin()))).as("no CSRF token").isEqualTo(403);
		assertThat(status(post("/teams").param("name", "forged").with(admin()).with(csrf().useInvalidToken())))
			.as("a wrong CSRF token")
			.isEqualTo(403);
		assertThat(status(post("/teams").param("name", "forged")
			.header("Origin", "https://evil.example")
			.with(admin())
			.with(csrf()))).as("the right token, but posted from another site").isEqualTo(403);
		assertThat(status(post("/teams").param("name", "forged")
			.header("Sec-Fetch-Site", "cross-site")
			.with(admin())
			.with(csrf()))).as("a browser saying the post is cross-site").isEqualTo(403);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM teams WHERE name = 'forged'").query(Long.class).single())
			.isZero();
		// Sign-in forms are not to be posted from elsewhere either (login CSRF).
		assertThat(status(post("/login").param("username", "admin")
			.param("password", ADMIN_PASSWORD)
			.header("Origin", "https://evil.example")
			.with(csrf()))).isEqualTo(403);

		MockHttpServletResponse sameSite = this.mvc
			.perform(post("/teams").param("name", "genuine")
				.header("Origin", "http://localhost")
				.header("Sec-Fetch-Site", "same-origin")
				.with(admin())
				.with(csrf()))
			.andReturn()
			.getResponse();
		assertThat(sameSite.getStatus()).as(sameSite.getContentAsString()).isEqualTo(303);
	}

	@Test
	void pagesCarryAPolicyHtmxWorksUnderAndNoFramingSniffingOrReferrerLeaks() throws Exception {
		for (String page : List.of("/login", "/containers", "/teams", "/tokens", "/admin/users", "/admin/audit")) {
			MockHttpServletResponse response = this.mvc.perform(get(page).with(admin())).andReturn().getResponse();
			assertThat(response.getStatus()).as(page).isEqualTo(200);
			String csp = response.getHeader("Content-Security-Policy");
			assertThat(csp).as(page)
				.contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
						"object-src 'none'", "form-action 'self'")
				.doesNotContain("unsafe-inline")
				.doesNotContain("unsafe-eval");
			assertThat(response.getHeader("X-Content-Type-Options")).as(page).isEqualTo("nosniff");
			assertThat(response.getHeader("X-Frame-Options")).as(page).isEqualTo("DENY");
			assertThat(response.getHeader("Referrer-Policy")).as(page).isEqualTo("same-origin");
		}
	}

	@Test
	void theTerminalPageAllowsInlineStylesForXtermButScriptsStayStrict() throws Exception {
		String csp = this.mvc.perform(get("/containers/no-such-box/terminal").with(admin()))
			.andReturn()
			.getResponse()
			.getHeader("Content-Security-Policy");
		assertThat(csp)
			.contains("script-src 'self';", "style-src 'self' 'unsafe-inline'", "connect-src 'self'",
					"default-src 'self'", "frame-ancestors 'none'")
			.doesNotContain("unsafe-eval");
		String elsewhere = this.mvc.perform(get("/containers").with(admin()))
			.andReturn()
			.getResponse()
			.getHeader("Content-Security-Policy");
		assertThat(elsewhere).contains("connect-src 'self'").doesNotContain("unsafe-inline");
	}

	@Test
	void apiAnswersCarryTheHeadersTooIncludingRefusals() throws Exception {
		for (MockHttpServletRequestBuilder request : List.of(get("/api/v1/users/me").with(admin()),
				get("/api/v1/containers"),
				get("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer bkh_bogus"))) {
			MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
			assertThat(response.getHeader("Content-Security-Policy")).contains("default-src 'none'")
				.contains("frame-ancestors 'none'");
			assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
			assertThat(response.getHeader("Referrer-Policy")).isEqualTo("same-origin");
		}
	}

	/**
	 * The policy holds only if no template needs what it forbids: inline scripts, inline
	 * event handlers, inline styles, or htmx features that evaluate code.
	 */
	@Test
	void noTemplateNeedsInlineCodeStylesOrEval() throws IOException {
		List<String> offences = new ArrayList<>();
		Pattern inlineScript = Pattern.compile("<script(?![^>]*[\\s:]src=)[^>]*>", Pattern.CASE_INSENSITIVE);
		Pattern handler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
		Pattern style = Pattern.compile("\\sstyle\\s*=|<style", Pattern.CASE_INSENSITIVE);
		Pattern evaluating = Pattern.compile("hx-on|hx-vars|js:|javascript:", Pattern.CASE_INSENSITIVE);
		Resource[] templates = new PathMatchingResourcePatternResolver().getResources("classpath*:templates/**/*.html");
		assertThat(templates).hasSizeGreaterThan(5);
		for (Resource template : templates) {
			String text = template.getContentAsString(StandardCharsets.UTF_8);
			for (Pattern forbidden : List.of(inlineScript, handler, style, evaluating)) {
				if (forbidden.matcher(text).find()) {
					offences.add(template.getFilename() + ": " + forbidden.pattern());
				}
			}
		}
		assertThat(offences).isEmpty();
		String layout = new PathMatchingResourcePatternResolver().getResource("classpath:templates/layout.html")
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(layout).contains("\"allowEval\": false").contains("\"includeIndicatorStyles\": false");
	}

	private int status(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request).andReturn().getResponse().getStatus();
	}

	private RequestPostProcessor admin() {
		long id = this.jdbc.sql("SELECT id FROM users WHERE username = 'admin'").query(Long.class).single();
		BulkheadUser user = new BulkheadUser(id, "admin", true);
		return authentication(UsernamePasswordAuthenticationToken.authenticated(user, null, Authorities.of(user)));
	}

}
