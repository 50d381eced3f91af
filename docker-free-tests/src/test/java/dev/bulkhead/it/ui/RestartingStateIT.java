package dev.bulkhead.it.ui;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.BrowserTest;
import dev.bulkhead.it.support.BulkheadServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container that keeps failing under {@code on-failure} is {@code restarting} while its
 * policy waits out the back-off: in the API and as a row of the dashboard list under the
 * {@code restarting} filter. The row's Stop button cancels the pending restart: the
 * container is exited from then on and is not started again. Screenshots land in
 * target/screenshots.
 */
class RestartingStateIT extends BrowserTest {

	/**
	 * Restarts seen before looking: the next back-off is then 100 ms * 2^6 = 6.4 s, time
	 * enough to see the state in the browser and press Stop before it ends.
	 */
	private static final int RESTARTS_BEFORE_LOOKING = 6;

	RestartingStateIT() {
		super(1280, 900, Duration.ofSeconds(5));
	}

	@Test
	void aFailingContainerIsRestartingDuringItsBackOffAndAStopThenCancelsTheRestart() throws Exception {
		String id = this.api.createWith("crashes", "\"network\":\"none\",\"restartPolicy\":\"on-failure\",", "sh", "-c",
				"exit 1");
		signIn("admin", BulkheadServer.ADMIN_PASSWORD);
		this.browser.get(this.server.baseUrl() + "/containers?state=restarting");
		until(ExpectedConditions.presenceOfElementLocated(By.id("container-rows")));
		assertThat(rowNames()).as("nothing waits for a restart yet").isEmpty();

		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		JsonNode restarting = awaitInspect(id, Duration.ofSeconds(60),
				(c) -> c.get("state").asString().equals("restarting")
						&& c.get("restartCount").asInt() >= RESTARTS_BEFORE_LOOKING,
				"restarting after " + RESTARTS_BEFORE_LOOKING + " restarts");
		int count = restarting.get("restartCount").asInt();
		assertThat(restarting.get("exitCode").asInt()).as("the exit of the run that ended").isEqualTo(1);
		assertThat(restarting.has("pid")).as("nothing runs while it waits").isFalse();

		// the live list shows it under the filter, with its badge and a Stop button
		until((driver) -> rowNames().equals(List.of("crashes")) && badge().equals("restarting"));
		screenshot("container-restarting");
		assertThat(this.browser.findElements(By.cssSelector("button[aria-label='Restart crashes']")))
			.as("no restart of a process that is not there")
			.isEmpty();
		this.browser.findElement(By.cssSelector("button[aria-label='Stop crashes']")).click();

		JsonNode stopped = awaitInspect(id, Duration.ofSeconds(5), (c) -> c.get("state").asString().equals("exited"),
				"exited after the stop");
		assertThat(stopped.get("restartCount").asInt()).as("the stop came before the restart").isEqualTo(count);
		until((driver) -> rowNames().isEmpty());

		// past the back-off that was pending: it was cancelled, not merely delayed
		sleep(100L * (1L << count) + 1500);
		JsonNode later = inspect(id);
		assertThat(later.get("state").asString()).isEqualTo("exited");
		assertThat(later.get("restartCount").asInt()).isEqualTo(count);
		this.browser.get(this.server.baseUrl() + "/containers?state=exited");
		until((driver) -> rowNames().equals(List.of("crashes")) && badge().equals("exited"));
		screenshot("container-restart-cancelled");
	}

	private JsonNode inspect(String id) {
		return this.api.get("/api/v1/containers/" + id).json();
	}

	private JsonNode awaitInspect(String id, Duration timeout, Predicate<JsonNode> condition, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		JsonNode last = inspect(id);
		while (!condition.test(last)) {
			assertThat(System.nanoTime()).as(what + "; last seen: " + last).isLessThan(deadline);
			sleep(20);
			last = inspect(id);
		}
		return last;
	}

	private List<String> rowNames() {
		return this.browser.findElements(By.cssSelector("#container-rows tr[id^=row-] td:nth-child(2) a"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	private String badge() {
		return this.browser.findElement(By.cssSelector("#container-rows tr[id^=row-] td:nth-child(4) .badge"))
			.getText();
	}

}
