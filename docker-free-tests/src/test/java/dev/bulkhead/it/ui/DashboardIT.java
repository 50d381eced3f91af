package dev.bulkhead.it.ui;

import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.BrowserTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium: log in, load an image, create and start a
 * container, read its logs, stop and remove it. Screenshots land in target/screenshots.
 */
class DashboardIT extends BrowserTest {

	@Test
	void userRunsAContainerFromTheDashboard() throws Exception {
		String base = this.server.baseUrl();
		openSignInForm("/containers");
		screenshot("01-login");
		submitSignInForm("admin", BulkheadServer.ADMIN_PASSWORD);
		until(ExpectedConditions.titleContains("Containers"));

		// Load a second copy of busybox under another name through the upload form.
		this.browser.get(base + "/images");
		Path tar = this.roots.resolve("ui-busybox.tar");
		Process make = new ProcessBuilder("bash",
				Path.of(System.getProperty("bulkhead.scripts", "scripts"), "make-busybox-image.sh").toString(),
				tar.toString(), "ui/busybox:1")
			.redirectErrorStream(true)
			.start();
		assertThat(make.waitFor()).isZero();
		this.browser.findElement(By.id("file")).sendKeys(tar.toString());
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "ui/busybox:1"));
		screenshot("02-images");

		this.browser.get(base + "/containers/new");
		this.browser.findElement(By.id("name")).sendKeys("ui-hello");
		this.browser.findElement(By.id("command"))
			.sendKeys("sh -c 'echo hello from the dashboard; while true; do sleep 0.2; done'");
		screenshot("03-create");
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.titleContains("ui-hello"));
		this.browser.findElement(By.id("tab-logs")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), "hello from the dashboard"));
		this.browser.findElement(By.id("tab-summary")).click();
		assertThat(this.browser.findElement(By.id("summary")).getText()).contains("running")
			.contains("capabilities none")
			.contains("read-only root filesystem");
		screenshot("04-container");

		this.browser.get(base + "/containers");
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("container-rows"), "ui-hello"));
		screenshot("05-list");
		this.browser.findElement(By.cssSelector("button[aria-label='Stop ui-hello']")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("container-rows"), "exited"));
		this.browser.findElement(By.cssSelector("button[aria-label='Remove ui-hello']")).click();
		until(ExpectedConditions.alertIsPresent()).accept();
		until(ExpectedConditions
			.not(ExpectedConditions.textToBePresentInElementLocated(By.id("container-rows"), "ui-hello")));
		screenshot("06-removed");
		assertThat(this.api.get("/api/v1/containers/ui-hello").status()).isEqualTo(404);
	}

	@Test
	void restartPolicyHealthAndRenameFromTheDashboard() throws Exception {
		String base = this.server.baseUrl();
		signIn("admin", BulkheadServer.ADMIN_PASSWORD);
		this.browser.get(base + "/containers/new");
		this.browser.findElement(By.id("name")).sendKeys("ui-lifecycle");
		this.browser.findElement(By.id("command")).sendKeys("sh -c 'sleep 3'");
		new org.openqa.selenium.support.ui.Select(this.browser.findElement(By.id("restartPolicy")))
			.selectByValue("always");
		this.browser.findElement(By.id("healthCommand")).sendKeys("true");
		this.browser.findElement(By.id("healthInterval")).sendKeys("300ms");
		this.browser.findElement(By.name("init")).click();
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.titleContains("ui-lifecycle"));
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "healthy"));
		assertThat(this.browser.findElement(By.id("summary")).getText()).contains("always")
			.contains("runs an init as PID 1");
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "restart count 1"));
		screenshot("08-lifecycle");
		this.browser.get(base + "/containers");
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("container-rows"), "restart always"));
		this.browser.get(base + "/containers/ui-lifecycle");
		until(ExpectedConditions.titleContains("ui-lifecycle"));

		this.browser.findElement(By.id("rename")).sendKeys("ui-renamed");
		this.browser.findElement(By.cssSelector("form.rename-form button[type=submit]")).click();
		until(ExpectedConditions.titleContains("ui-renamed"));
		assertThat(this.api.get("/api/v1/containers/ui-renamed").json().get("lifecycle").get("init").asBoolean())
			.isTrue();
		assertThat(this.api.delete("/api/v1/containers/ui-renamed?force=true").status()).isEqualTo(204);
	}

	@Test
	void containerPageFollowsLogsStatsAndProcessesAndTheListFollowsState() throws Exception {
		String base = this.server.baseUrl();
		String id = this.api.createWith("ui-live", "\"network\":\"none\",\"resources\":{\"cpus\":0.5},", "sh", "-c",
				"i=0; while :; do i=$((i+1)); echo line $i; j=0; while [ $j -lt 20000 ]; do j=$((j+1)); done; sleep 1; done");
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		signIn("admin", BulkheadServer.ADMIN_PASSWORD);

		// Logs: a line written after the page loaded appears without a reload.
		this.browser.get(base + "/containers/" + id + "#logs");
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), "line 1"));
		markPage();
		int shown = lastLogLine();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), "line " + (shown + 2)));
		assertThat(pageWasNotReloaded()).isTrue();
		screenshot("08-logs-live");
		this.browser.findElement(By.id("log-filter")).sendKeys("line 2");
		assertThat(this.browser.findElement(By.id("logs")).getText()).contains("line 2").doesNotContain("line 1\n");
		this.browser.findElement(By.id("log-filter")).clear();

		// Stats: the charts draw readings as they arrive.
		this.browser.findElement(By.id("tab-stats")).click();
		until((driver) -> Integer.parseInt(attributeOr("chart-cpu", "data-points", "0")) >= 3);
		assertThat(this.browser.findElements(By.cssSelector("#chart-cpu canvas"))).isNotEmpty();
		assertThat(this.browser.findElements(By.cssSelector("#chart-memory canvas"))).isNotEmpty();
		assertThat(this.browser.findElement(By.id("now-memory")).getText()).contains("working set")
			.contains("used of 512.0 MiB");
		assertThat(this.browser.findElement(By.id("now-cpu")).getText()).contains("limit 0.5 CPUs");
		screenshot("09-stats-live");

		// Processes: the container's shell and its sleep, as the container's user.
		this.browser.findElement(By.id("tab-processes")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("processes"), "while :"));
		assertThat(this.browser.findElement(By.id("processes")).getText()).contains("nobody");
		screenshot("10-processes");

		// A phone-sized screen still shows the tabs and the charts one below the other.
		this.browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
		this.browser.findElement(By.id("tab-stats")).click();
		until((driver) -> Integer.parseInt(attributeOr("chart-memory", "data-points", "0")) >= 2);
		script("document.getElementById('now-pids').scrollIntoView();");
		sleep(500);
		screenshot("11-phone-stats");
		assertThat(((Number) script("return document.documentElement.scrollWidth;")).intValue())
			.as("no sideways scrolling at phone width")
			.isLessThanOrEqualTo(390);
		assertThat(this.browser.findElements(By.cssSelector("#chart-cpu canvas"))).as("one chart, not one per visit")
			.hasSize(1);
		this.browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

		// The list: stopping through the API changes the row without a reload.
		this.browser.get(base + "/containers");
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("row-" + id.substring(0, 12)), "running"));
		markPage();
		assertThat(this.api.post("/api/v1/containers/" + id + "/stop?timeout=1").status()).isEqualTo(200);
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("row-" + id.substring(0, 12)), "exited"));
		assertThat(pageWasNotReloaded()).isTrue();
		screenshot("12-list-live");

		// Bulk removal of two ticked containers, after a confirmation.
		String first = this.api.createWith("ui-bulk-1", "\"network\":\"none\",", "true");
		String second = this.api.createWith("ui-bulk-2", "\"network\":\"none\",", "true");
		this.browser.navigate().refresh();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("container-rows"), "ui-bulk-2"));
		this.browser.findElement(By.cssSelector("input[aria-label='Select ui-bulk-1']")).click();
		this.browser.findElement(By.cssSelector("input[aria-label='Select ui-bulk-2']")).click();
		this.browser.findElement(By.cssSelector(".bulk-actions .btn-danger")).click();
		until(ExpectedConditions.alertIsPresent()).accept();
		until(ExpectedConditions
			.not(ExpectedConditions.textToBePresentInElementLocated(By.id("container-rows"), "ui-bulk")));
		assertThat(this.api.get("/api/v1/containers/" + first).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/containers/" + second).status()).isEqualTo(404);
		assertThat(this.browser.findElement(By.id("container-rows")).getText()).contains("ui-live");

		this.browser.get(base + "/overview");
		until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Host memory"));
		assertThat(this.browser.findElement(By.tagName("main")).getText()).contains("Containers")
			.contains("Recent activity");
		screenshot("13-overview");
		this.api.delete("/api/v1/containers/" + id + "?force=true");
	}

	private void markPage() {
		script("window.bulkheadTestMarker = 'kept';");
	}

	private boolean pageWasNotReloaded() {
		return "kept".equals(script("return window.bulkheadTestMarker;"));
	}

	private int lastLogLine() {
		String[] lines = this.browser.findElement(By.id("logs")).getText().trim().split("\n");
		return Integer.parseInt(lines[lines.length - 1].replace("line ", "").trim());
	}

	private String attributeOr(String id, String attribute, String otherwise) {
		String value = this.browser.findElement(By.id(id)).getAttribute(attribute);
		return (value != null) ? value : otherwise;
	}

	@Test
	void policyViolationIsShownNextToTheForm() throws Exception {
		Assumptions.assumeTrue(HostState.canRunContainers(), "needs root");
		String base = this.server.baseUrl();
		signIn("admin", BulkheadServer.ADMIN_PASSWORD);
		this.browser.get(base + "/containers/new");
		// The live verdict answering first shows htmx drives the form, so the submit
		// below goes through it rather than as a plain page post.
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("verdict"), "Allowed"));
		this.browser.findElement(By.id("user")).sendKeys("0");
		this.browser.findElement(By.id("command")).sendKeys("true");
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("verdict"), "Would be refused"));
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("errors"), "root (uid 0)"));
		screenshot("07-policy-refusal");
		assertThat(TestImages.BUSYBOX).isNotBlank();
	}

	@Test
	void theCreateFormShowsThePolicyVerdictAsTheUserTypes() throws Exception {
		signIn("admin", BulkheadServer.ADMIN_PASSWORD);
		this.browser.get(this.server.baseUrl() + "/containers/new");
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("verdict"), "Allowed"));
		this.browser.findElement(By.id("capAdd")).sendKeys("SYS_ADMIN");
		this.browser.findElement(By.id("user")).sendKeys("0");
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("verdict"), "Would be refused"));
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("verdict"),
				"ask an admin for the exception " + "run-as-root"));
		String verdict = this.browser.findElement(By.id("verdict")).getText();
		assertThat(verdict).contains("security.capAdd[0]: capability SYS_ADMIN is not allowed at level restricted")
			.contains("user: running as root (uid 0) is not allowed at level restricted");
		screenshot("08-policy-verdict");
		this.browser.findElement(By.id("capAdd")).clear();
		this.browser.findElement(By.id("user")).clear();
		this.browser.findElement(By.id("user")).sendKeys("1000");
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("verdict"), "Allowed at level restricted"));

		// A container admitted under an exception shows it on its page.
		assertThat(this.api
			.post("/api/v1/policy/exceptions",
					"{\"relaxation\":\"cap-add:SYS_PTRACE\","
							+ "\"team\":\"default\",\"reason\":\"ui check\",\"expiresInSeconds\":600}")
			.status()).isEqualTo(201);
		String id = this.api.createWith("ui-tracer", "\"security\":{\"capAdd\":[\"SYS_PTRACE\"]},", "true");
		this.browser.get(this.server.baseUrl() + "/containers/" + id);
		until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Exceptions"));
		assertThat(this.browser.findElement(By.tagName("main")).getText()).contains("capabilities CAP_SYS_PTRACE")
			.contains("cap-add:SYS_PTRACE (#")
			.contains("team:default, by admin: ui check; expires");
		screenshot("09-container-exceptions");
	}

	@Test
	void userCreatesInspectsAndRemovesANetworkFromTheDashboard() throws Exception {
		String base = this.server.baseUrl();
		signIn("admin", BulkheadServer.ADMIN_PASSWORD);
		this.browser.get(base + "/networks");
		this.browser.findElement(By.id("name")).sendKeys("ui-net");
		this.browser.findElement(By.id("subnet")).sendKeys("10.231.17.0/24");
		this.browser.findElement(By.id("mtu")).sendKeys("1400");
		this.browser.findElement(By.name("internal")).click();
		screenshot("08-network-create");
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.titleContains("ui-net"));
		assertThat(this.browser.findElement(By.tagName("main")).getText()).contains("10.231.17.0/24")
			.contains("10.231.17.1")
			.contains("1400")
			.contains("no route out")
			.contains("No container uses this network");
		String id = this.api.createWith("ui-net-box", "\"network\":\"ui-net\",", "true");
		Api.CREATED.add(id);
		this.browser.navigate().refresh();
		until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "ui-net-box"));
		screenshot("09-network-detail");
		this.browser.findElement(By.cssSelector("main button.btn-danger")).click();
		until(ExpectedConditions.alertIsPresent()).accept();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("errors"), "in use by"));
		assertThat(this.api.delete("/api/v1/containers/" + id).status()).isEqualTo(204);
		this.browser.findElement(By.cssSelector("main button.btn-danger")).click();
		until(ExpectedConditions.alertIsPresent()).accept();
		until(ExpectedConditions.titleContains("Networks"));
		assertThat(this.browser.findElement(By.tagName("table")).getText()).doesNotContain("ui-net");
		screenshot("10-network-removed");
		assertThat(this.api.get("/api/v1/networks/ui-net").status()).isEqualTo(404);
	}

}
