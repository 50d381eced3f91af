package dev.bulkhead.backend.auth;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.catalina.Context;
import org.apache.catalina.Manager;
import org.apache.catalina.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the real embedded Tomcat: a session made by signing in at the form expires after 30
 * idle minutes, and signing out ends it at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SessionTimeoutTest {

	private static final String ADMIN_PASSWORD = "session-admin-password";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@TempDir
	static Path dataRoot;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("bulkhead.data-root", () -> dataRoot.toString());
		registry.add(FirstAdminInitializer.PASSWORD_VARIABLE, () -> ADMIN_PASSWORD);
	}

	@LocalServerPort
	int port;

	@Autowired
	WebServerApplicationContext context;

	@Test
	void aSignedInSessionExpiresAfterThirtyIdleMinutesAndSigningOutEndsIt() throws Exception {
		CookieManager cookies = new CookieManager();
		HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
		String base = "http://127.0.0.1:" + this.port;
		String form = client
			.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		HttpResponse<String> login = client.send(
				post(base + "/login", "username=admin&password="
						+ URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf(form)),
				HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying((l) -> assertThat(l).endsWith("/"));
		String sessionId = sessionId(cookies);
		Session session = manager().findSession(sessionId);
		assertThat(session).as("the signed-in session").isNotNull();
		assertThat(session.getMaxInactiveInterval()).isEqualTo(30 * 60);

		String page = client
			.send(HttpRequest.newBuilder(URI.create(base + "/containers")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		HttpResponse<String> logout = client.send(post(base + "/logout", "_csrf=" + csrf(page)),
				HttpResponse.BodyHandlers.ofString());
		assertThat(logout.headers().firstValue("Location"))
			.hasValueSatisfying((l) -> assertThat(l).endsWith("/login?logout"));
		assertThat(manager().findSession(sessionId)).as("the session after signing out").isNull();
	}

	private static HttpRequest post(String url, String form) {
		return HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
	}

	private static String csrf(String page) {
		Matcher matcher = CSRF.matcher(page);
		assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
		return URLEncoder.encode(matcher.group(1), StandardCharsets.UTF_8);
	}

	private static String sessionId(CookieManager cookies) {
		return cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("JSESSIONID"))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElseThrow();
	}

	private Manager manager() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		Context context = (Context) server.getTomcat().getHost().findChildren()[0];
		return context.getManager();
	}

}
