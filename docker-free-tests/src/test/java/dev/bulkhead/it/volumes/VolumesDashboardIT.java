package dev.bulkhead.it.volumes;

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

import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.bulkhead.it.support.HeadlessChromium;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The volume pages and the mounts field of the create form in a real headless Chromium:
 * create a volume with a label, mount it in a container (whose page shows the mount and
 * the permission warning), and remove the volume after confirming.
 */
class VolumesDashboardIT extends PlatformTest {

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
		this.browser = HeadlessChromium.start(this.roots, 1280, 900);
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		this.wait.ignoring(org.openqa.selenium.WebDriverException.class);
	}

	@AfterAll
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void userCreatesMountsAndRemovesAVolumeFromTheDashboard() throws Exception {
		String base = this.server.baseUrl();
		this.browser.get(base + "/volumes");
		until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
		this.browser.findElement(By.id("username")).sendKeys("admin");
		this.browser.findElement(By.id("password")).sendKeys(BulkheadServer.ADMIN_PASSWORD);
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.titleContains("Volumes"));

		this.browser.findElement(By.id("name")).sendKeys("ui-data");
		this.browser.findElement(By.id("labels")).sendKeys("app=ui");
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.titleContains("ui-data"));
		assertThat(this.browser.findElement(By.tagName("main")).getText()).contains("app=ui").contains("no container");

		this.browser.get(base + "/containers/new");
		this.browser.findElement(By.id("name")).sendKeys("ui-mounter");
		this.browser.findElement(By.id("command")).sendKeys("true");
		this.browser.findElement(By.id("mounts")).sendKeys("type=volume,source=ui-data,target=/data");
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.titleContains("ui-mounter"));
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "volume ui-data"));
		assertThat(this.browser.findElement(By.id("summary")).getText())
			.contains("volume 'ui-data' data is owned by uid 0 (mode 0755); the container runs as uid 65534");
		screenshot("volumes-01-container");

		this.browser.get(base + "/volumes");
		assertThat(this.browser.findElement(By.tagName("table")).getText()).contains("ui-data").contains("ui-mounter");
		this.api.delete("/api/v1/containers/ui-mounter?force=true");

		this.browser.get(base + "/volumes/ui-data");
		this.browser.findElement(By.cssSelector("main .btn-danger")).click();
		until(ExpectedConditions.alertIsPresent()).accept();
		until(ExpectedConditions.titleContains("Volumes"));
		until(ExpectedConditions
			.not(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "ui-data")));
		screenshot("volumes-02-removed");
		assertThat(this.api.get("/api/v1/volumes/ui-data").status()).isEqualTo(404);
	}

	private <T> T until(ExpectedCondition<T> condition) throws Exception {
		try {
			return this.wait.until(condition);
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			screenshot("volumes-failed-" + System.currentTimeMillis());
			Files.writeString(SCREENSHOTS.resolve("volumes-failed-" + System.currentTimeMillis() + ".html"),
					this.browser.getPageSource());
			throw ex;
		}
	}

	private void screenshot(String name) throws Exception {
		byte[] png = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES);
		Files.write(SCREENSHOTS.resolve(name + ".png"), png);
	}

}
