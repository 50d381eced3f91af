package dev.bulkhead.it.ui;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.BrowserTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A viewer's dashboard in a real headless Chromium: the pages of containers, images,
 * networks and volumes show no control the viewer's role may not use (while the same
 * pages show them to an administrator), and the server still refuses the requests those
 * controls would send. Screenshots land in target/screenshots.
 */
class ViewerDashboardIT extends BrowserTest {

	private static final String VERA_PASSWORD = "veras own long passphrase";

	/** Anything on a page that would change something on the server. */
	private static final By MUTATING = By.cssSelector(
			"main [hx-post], main [hx-put], main [hx-delete], main form[method=post], main a[href$='/terminal'], "
					+ "main a[href$='/containers/new'], main .bulk-actions");

	ViewerDashboardIT() {
		super(1280, 1000);
	}

	@Test
	void aViewerSeesNoControlsTheirRoleMayNotUse() throws Exception {
		String base = this.server.baseUrl();
		Api.Response user = this.api.post("/api/v1/users",
				"{\"username\":\"vera\",\"password\":\"" + VERA_PASSWORD + "\"}");
		assertThat(user.status()).as(user.body()).isEqualTo(201);
		Api.Response member = this.api.send(this.api.authorized("/api/v1/teams/default/members/vera")
			.header("Content-Type", "application/json")
			.PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"role\":\"viewer\"}")));
		assertThat(member.status()).as(member.body()).isEqualTo(200);
		String id = this.api.run("viewed", "sh", "-c", "while true; do sleep 1; done");
		Api.Response volume = this.api.post("/api/v1/volumes", "{\"name\":\"viewed-data\",\"team\":\"default\"}");
		assertThat(volume.status()).as(volume.body()).isEqualTo(201);
		List<String> pages = List.of("/containers", "/containers/" + id, "/images/view?reference=" + TestImages.BUSYBOX,
				"/images", "/networks", "/networks/bulkhead", "/volumes", "/volumes/viewed-data");

		// The administrator sees the controls on every one of these pages, so the
		// viewer's
		// empty pages below are the role's doing, not a page that lost its buttons.
		signIn("admin", BulkheadServer.ADMIN_PASSWORD);
		for (String page : pages) {
			this.browser.get(base + page);
			until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main h1")));
			assertThat(this.browser.findElements(MUTATING)).as("controls for the administrator on " + page)
				.isNotEmpty();
		}

		signIn("vera", VERA_PASSWORD);
		int shot = 0;
		for (String page : pages) {
			this.browser.get(base + page);
			until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main h1")));
			if (page.equals("/containers")) {
				until(ExpectedConditions.textToBePresentInElementLocated(By.id("container-rows"), "viewed"));
			}
			List<WebElement> controls = this.browser.findElements(MUTATING);
			assertThat(controls.stream().map((e) -> e.getTagName() + " " + e.getText()).toList())
				.as("controls for a viewer on " + page)
				.isEmpty();
			screenshot("viewer-" + (++shot) + page.replace(id, "container").replaceAll("[^a-z]+", "-"));
		}

		// The server refuses what the controls would have sent.
		Api vera = new Api(base).login("vera", VERA_PASSWORD);
		assertThat(vera.post("/api/v1/containers/" + id + "/stop").status()).isEqualTo(403);
		assertThat(vera.delete("/api/v1/volumes/viewed-data").status()).isEqualTo(403);
		assertThat(vera.post("/api/v1/images/prune").status()).isEqualTo(403);

		assertThat(this.api.delete("/api/v1/containers/" + id + "?force=true").status()).isEqualTo(204);
		assertThat(this.api.delete("/api/v1/volumes/viewed-data").status()).isEqualTo(204);
	}

}
