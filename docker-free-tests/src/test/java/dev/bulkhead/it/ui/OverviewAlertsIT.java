package dev.bulkhead.it.ui;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BrowserTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview in a real headless Chromium, signed in as a developer of a team with a
 * quota: a container whose health check really fails and one whose command really keeps
 * crashing under a restart policy both appear as alerts linking to their pages, and the
 * quota card shows the team's use against its limits. Screenshot:
 * target/screenshots/overview.png.
 */
class OverviewAlertsIT extends BrowserTest {

	private static final long MIB = 1024L * 1024;

	private static final String PASSWORD = "olga's own long passphrase";

	OverviewAlertsIT() {
		super(1280, 1400, Duration.ofSeconds(30));
	}

	@Test
	void unhealthyContainersAndRestartLoopsAreAlertsAndTheTeamsQuotaUseIsShown() throws Exception {
		expect(this.api.post("/api/v1/teams", "{\"name\":\"ops\"}"), 201);
		expect(this.api.post("/api/v1/users", "{\"username\":\"olga\",\"password\":\"" + PASSWORD + "\"}"), 201);
		expect(put("/api/v1/teams/ops/members/olga", "{\"role\":\"developer\"}"), 200);
		expect(put("/api/v1/teams/ops/quota", "{\"containers\":4,\"memoryBytes\":" + (256 * MIB)
				+ ",\"cpus\":1.5,\"volumeBytes\":" + (64 * MIB) + "}"), 200);
		Api olga = new Api(this.server.baseUrl()).login("olga", PASSWORD);

		String sick = create(olga,
				"{\"name\":\"sick\",\"image\":\"" + TestImages.BUSYBOX
						+ "\",\"network\":\"none\",\"command\":[\"sleep\",\"600\"]," + "\"resources\":{\"memoryBytes\":"
						+ (64 * MIB) + ",\"cpus\":0.25},"
						+ "\"healthcheck\":{\"test\":[\"CMD-SHELL\",\"test -f /tmp/ready\"],\"interval\":\"300ms\","
						+ "\"timeout\":\"5s\",\"retries\":2}}");
		String crashing = create(olga,
				"{\"name\":\"crashing\",\"image\":\"" + TestImages.BUSYBOX
						+ "\",\"network\":\"none\",\"command\":[\"sh\",\"-c\",\"echo crashing; exit 3\"],"
						+ "\"resources\":{\"memoryBytes\":" + (32 * MIB) + ",\"cpus\":0.25},"
						+ "\"restartPolicy\":{\"name\":\"always\"}}");
		expect(olga.post("/api/v1/volumes", "{\"name\":\"ops-data\",\"team\":\"ops\"}"), 201);
		// Data in the volume, as a container would have left it: the quota counts bytes
		// found in the volume, whoever wrote them.
		Path volumeData = this.server.dataRoot().resolve("volumes/ops-data/_data");
		Files.write(volumeData.resolve("blob"), new byte[(int) (2 * MIB)]);

		expect(olga.post("/api/v1/containers/" + sick + "/start"), 200);
		expect(olga.post("/api/v1/containers/" + crashing + "/start"), 200);
		awaitContainer(olga, sick,
				(c) -> c.has("health") && c.get("health").get("status").asString().equals("unhealthy"),
				"the health check fails its two retries");
		JsonNode looping = awaitContainer(olga, crashing, (c) -> c.get("restartCount").asInt() >= 3,
				"the restart policy restarts the crashing command three times");
		assertThat(looping.get("exitCode") == null || looping.get("exitCode").asInt() == 3).isTrue();

		signIn("olga", PASSWORD, "/overview", "Overview");
		List<WebElement> items = until((driver) -> {
			driver.navigate().refresh();
			List<WebElement> found = driver.findElements(By.cssSelector("ul.alerts li"));
			boolean both = found.stream().anyMatch((li) -> li.getText().startsWith("sick: unhealthy"))
					&& found.stream().anyMatch((li) -> li.getText().startsWith("crashing: restart loop"));
			return both ? found : null;
		});
		String sickAlert = items.stream()
			.map(WebElement::getText)
			.filter((t) -> t.startsWith("sick:"))
			.findFirst()
			.get();
		assertThat(sickAlert).startsWith("sick: unhealthy: ")
			.contains("health checks failed in a row; the last exited with 1");
		String loopAlert = items.stream()
			.map(WebElement::getText)
			.filter((t) -> t.startsWith("crashing:"))
			.findFirst()
			.get();
		assertThat(loopAlert).matches("crashing: restart loop: restarted \\d+ times by its policy.*");
		int shownCount = Integer.parseInt(loopAlert.replaceAll(".*restarted (\\d+) times.*", "$1"));
		assertThat(shownCount).isGreaterThanOrEqualTo(3);
		assertThat(this.browser.findElement(By.xpath("//ul[@class='alerts']/li[starts-with(., 'sick:')]/a"))
			.getAttribute("href")).endsWith("/containers/" + sick);
		assertThat(this.browser.findElement(By.xpath("//ul[@class='alerts']/li[starts-with(., 'crashing:')]/a"))
			.getAttribute("href")).endsWith("/containers/" + crashing);

		// The quota card: olga's one team, its use beside its limits, as the team API
		// counts them.
		JsonNode usage = olga.get("/api/v1/teams/ops").json().get("usage");
		assertThat(usage.get("containers").asLong()).isEqualTo(2);
		assertThat(usage.get("memoryBytes").asLong()).isEqualTo(96 * MIB);
		assertThat(usage.get("volumeBytes").asLong()).isBetween(2 * MIB, 2 * MIB + 64 * 1024);
		assertThat(this.browser.findElements(By.cssSelector("#quota-use .quota-lines"))).hasSize(1);
		assertThat(this.browser.findElement(By.cssSelector("#quota-use h3")).getText()).isEqualTo("Team ops");
		assertThat(quota("Containers")).isEqualTo("2 of 4");
		assertThat(quota("Memory")).isEqualTo("96 MiB of 256 MiB");
		assertThat(quota("CPUs")).isEqualTo("0.5 of 1.5");
		assertThat(quota("Volume space")).matches("2(\\.0)? MiB of 64 MiB");
		WebElement memoryMeter = this.browser.findElement(By.cssSelector("#quota-use dd[data-quota='Memory'] meter"));
		assertThat(Double.parseDouble(memoryMeter.getAttribute("value"))).isEqualTo(96.0 * MIB);
		assertThat(Double.parseDouble(memoryMeter.getAttribute("max"))).isEqualTo(256.0 * MIB);
		screenshot("overview");

		// An alert leads to its container.
		this.browser.findElement(By.xpath("//ul[@class='alerts']/li[starts-with(., 'sick:')]/a")).click();
		until(ExpectedConditions.titleContains("sick"));

		// Stopping the loop by hand ends its alert.
		expect(olga.post("/api/v1/containers/" + crashing + "/stop?timeout=1"), 200);
		this.browser.get(this.server.baseUrl() + "/overview");
		until(ExpectedConditions.presenceOfElementLocated(By.id("alerts-title")));
		assertThat(this.browser.findElements(By.cssSelector("ul.alerts li"))).extracting(WebElement::getText)
			.noneMatch((t) -> t.startsWith("crashing:"));

		expect(this.api.delete("/api/v1/containers/" + sick + "?force=true"), 204);
		expect(this.api.delete("/api/v1/containers/" + crashing + "?force=true"), 204);
		expect(this.api.delete("/api/v1/volumes/ops-data"), 204);
	}

	private String quota(String label) {
		return this.browser.findElement(By.cssSelector("#quota-use dd[data-quota='" + label + "'] .quota-figure"))
			.getText()
			.strip();
	}

	private static String create(Api api, String json) {
		Api.Response created = api.post("/api/v1/containers", json);
		expect(created, 201);
		String id = created.json().get("id").asString();
		Api.CREATED.add(id);
		return id;
	}

	private static JsonNode awaitContainer(Api api, String id, java.util.function.Predicate<JsonNode> condition,
			String what) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			JsonNode container = api.get("/api/v1/containers/" + id).json();
			if (condition.test(container)) {
				return container;
			}
			assertThat(System.nanoTime()).as(what + "; last seen: " + container).isLessThan(deadline);
			sleep(100);
		}
	}

	private Api.Response put(String path, String json) {
		return this.api.send(this.api.authorized(path)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static void expect(Api.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
	}

}
