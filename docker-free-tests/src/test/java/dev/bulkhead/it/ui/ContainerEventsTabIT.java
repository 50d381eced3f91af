package dev.bulkhead.it.ui;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.BrowserTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Events tab of a container's page lists what happened to it, newest first, and a
 * stop made elsewhere (here through the API) appears in the open tab without a reload;
 * the overview shows the same events among the recent ones. Screenshot:
 * target/screenshots/container-events.png.
 */
class ContainerEventsTabIT extends BrowserTest {

	@Test
	void aStopAppearsInTheOpenEventsTabWithoutAReload() throws Exception {
		String id = this.api.createWith("events-watched", "\"network\":\"none\",", "sleep", "600");
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		signIn("admin", BulkheadServer.ADMIN_PASSWORD);

		this.browser.get(this.server.baseUrl() + "/containers/" + id + "#events");
		WebElement tab = until(ExpectedConditions.elementToBeClickable(By.id("tab-events")));
		tab.click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("event-rows"), "started"));
		assertInOrder(rows(), "started", "created from image");
		// the page's stream is open before the stop is made
		Thread.sleep(1500);
		Object marker = script("document.body.dataset.loadedOnce = 'yes'; return document.body.dataset.loadedOnce;");
		assertThat(marker).isEqualTo("yes");

		assertThat(this.api.post("/api/v1/containers/" + id + "/stop?timeout=1").status()).isEqualTo(200);
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("event-rows"), "stopped by a user"));
		List<String> rows = rows();
		assertThat(rows.get(0)).contains("stop").contains("stopped by a user");
		// sleep as PID 1 ignores TERM, so the stop timeout ends in a KILL, and the page
		// says so
		assertInOrder(rows, "stopped by a user",
				"exited with code 137 — killed because it did not stop within its stop timeout", "sent signal KILL",
				"sent signal TERM", "started", "created from image");
		assertThat(script("return document.body.dataset.loadedOnce;")).as("no reload happened").isEqualTo("yes");
		screenshot("container-events");

		this.browser.get(this.server.baseUrl() + "/overview");
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("runtime-events"), "container events-watched"));
		assertThat(this.browser.findElement(By.id("runtime-events")).getText()).contains("stopped by a user");

		assertThat(this.api.delete("/api/v1/containers/" + id + "?force=true").status()).isEqualTo(204);
	}

	/** Each phrase is in a row below the row of the phrase before it (newest first). */
	private static void assertInOrder(List<String> rows, String... phrases) {
		int from = 0;
		for (String phrase : phrases) {
			int at = -1;
			for (int i = from; i < rows.size(); i++) {
				if (rows.get(i).contains(phrase)) {
					at = i;
					break;
				}
			}
			assertThat(at).as("'" + phrase + "' in a row after row " + from + " of " + rows)
				.isGreaterThanOrEqualTo(from);
			from = at + 1;
		}
	}

	private List<String> rows() {
		return this.browser.findElements(By.cssSelector("#event-rows tr")).stream().map(WebElement::getText).toList();
	}

}
