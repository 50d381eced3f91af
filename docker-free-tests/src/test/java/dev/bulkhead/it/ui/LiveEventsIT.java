package dev.bulkhead.it.ui;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The containers list's event stream tells each person about their own teams' containers
 * only: a member of another team, watching while a container is stopped, hears nothing of
 * it, while its own team's member is told.
 */
class LiveEventsIT extends PlatformTest {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final String PASSWORD = "a long enough passphrase";

	@Test
	void anotherTeamsMemberHearsNothingOfAContainerThatChangesState() throws Exception {
		assertThat(this.api.post("/api/v1/teams", "{\"name\":\"outsiders\"}").status()).isEqualTo(201);
		assertThat(this.api.post("/api/v1/users", "{\"username\":\"outsider\",\"password\":\"" + PASSWORD + "\"}")
			.status()).isEqualTo(201);
		assertThat(this.api
			.send(this.api.authorized("/api/v1/teams/outsiders/members/outsider")
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"viewer\"}")))
			.status()).isEqualTo(200);
		String id = this.api.createWith("watched", "\"network\":\"none\",", "sh", "-c", "while :; do sleep 1; done");
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);

		List<String> ownerHeard = listen("admin", dev.bulkhead.it.support.BulkheadServer.ADMIN_PASSWORD);
		List<String> outsiderHeard = listen("outsider", PASSWORD);
		sleep(2500);
		assertThat(this.api.post("/api/v1/containers/" + id + "/stop?timeout=1").status()).isEqualTo(200);
		for (int i = 0; i < 50 && !ownerHeard.contains("event: c-" + id); i++) {
			sleep(100);
		}
		sleep(1500);
		assertThat(ownerHeard).contains("event: c-" + id);
		assertThat(outsiderHeard).as("the outsider's stream is open and alive").contains(": keep-alive");
		assertThat(String.join("\n", outsiderHeard)).doesNotContain(id).doesNotContain(id.substring(0, 12));
		this.api.delete("/api/v1/containers/" + id + "?force=true");
	}

	/** Signs in through the login form and collects the list stream's lines. */
	private List<String> listen(String username, String password) throws Exception {
		String base = this.server.baseUrl();
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		String login = browser
			.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher csrf = CSRF.matcher(login);
		assertThat(csrf.find()).isTrue();
		String form = "username=" + username + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
				+ "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.uri().getPath()).isEqualTo("/overview");
		List<String> lines = new CopyOnWriteArrayList<>();
		HttpResponse<java.io.InputStream> stream = browser
			.send(HttpRequest.newBuilder(URI.create(base + "/containers/events"))
				.header("Accept", "text/event-stream")
				.build(), HttpResponse.BodyHandlers.ofInputStream());
		assertThat(stream.statusCode()).isEqualTo(200);
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					lines.add(line);
				}
			}
			catch (java.io.IOException ex) {
				// the server stopped at the end of the test
			}
		}, "events-" + username);
		reader.setDaemon(true);
		reader.start();
		return lines;
	}

}
