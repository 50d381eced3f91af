package dev.bulkhead.it.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium: log in, load an image, create and start a
 * container, read its logs, stop and remove it. Screenshots land in target/screenshots.
 */
class DashboardIT extends PlatformTest {

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private WebDriver browser;

	private WebDriverWait wait;

	@BeforeAll
	void startBrowser() throws Exception {
		Assumptions.assumeTrue(
				Files.isExecutable(Path.of("/usr/bin/chromium"))
						&& Files.isExecutable(Path.of("/usr/bin/chromedriver")),
				"needs Debian's chromium and chromium-driver (the CI script installs them)");
		Files.createDirectories(SCREENSHOTS);
		Path profile = Files.createTempDirectory(this.roots, "chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,900", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		// The list refreshes itself every two seconds; a node read while htmx replaces it
		// is
		// simply read again on the next poll.
		this.wait.ignoring(org.openqa.selenium.WebDriverException.class);
	}

	@AfterAll
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	/**
	 * Waits for a condition; on time-out saves a screenshot and the page source first.
	 */
	private <T> T until(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) throws Exception {
		try {
			return this.wait.until(condition);
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			screenshot("failed-" + System.currentTimeMillis());
			Files.writeString(SCREENSHOTS.resolve("failed-" + System.currentTimeMillis() + ".html"),
					this.browser.getPageSource());
			throw ex;
		}
	}

	/** Signs in as the admin from a fresh session, through the form a person uses. */
	private void signIn(boolean screenshot) throws Exception {
		this.browser.manage().deleteAllCookies();
		this.browser.get(this.server.baseUrl() + "/containers");
		until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
		if (screenshot) {
			screenshot("01-login");
		}
		this.browser.findElement(By.id("username")).sendKeys("admin");
		this.browser.findElement(By.id("password")).sendKeys(BulkheadServer.ADMIN_PASSWORD);
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.titleContains("Containers"));
	}

	private void screenshot(String name) throws Exception {
		byte[] png = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES);
		Files.write(SCREENSHOTS.resolve(name + ".png"), png);
	}

	@Test
	void userRunsAContainerFromTheDashboard() throws Exception {
		String base = this.server.baseUrl();
		signIn(true);

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
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), "hello from the dashboard"));
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
	void policyViolationIsShownNextToTheForm() throws Exception {
		Assumptions.assumeTrue(HostState.canRunContainers(), "needs root");
		String base = this.server.baseUrl();
		signIn(false);
		this.browser.get(base + "/containers/new");
		this.browser.findElement(By.id("user")).sendKeys("0");
		this.browser.findElement(By.id("command")).sendKeys("true");
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("errors"), "root (uid 0)"));
		screenshot("07-policy-refusal");
		assertThat(TestImages.BUSYBOX).isNotBlank();
	}

	@Test
	void userCreatesInspectsAndRemovesANetworkFromTheDashboard() throws Exception {
		String base = this.server.baseUrl();
		signIn(false);
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
