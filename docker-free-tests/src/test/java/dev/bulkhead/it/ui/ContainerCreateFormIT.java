package dev.bulkhead.it.ui;

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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.bulkhead.it.support.HeadlessChromium;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The create form in a real headless Chromium: a container created with a published port
 * on a chosen network shows both on its page. Screenshots land in target/screenshots.
 */
class ContainerCreateFormIT extends PlatformTest {

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
		this.browser = HeadlessChromium.start(this.roots, 1280, 1000);
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
	void createFormPublishesAPortOnTheChosenNetwork() throws Exception {
		int hostPort = freePort();
		signIn("admin", BulkheadServer.ADMIN_PASSWORD);
		this.browser.get(this.server.baseUrl() + "/containers/new");
		Select network = new Select(this.browser.findElement(By.id("network")));
		assertThat(network.getOptions().get(0).getText()).isEqualTo("bulkhead");
		network.selectByValue("bulkhead");
		this.browser.findElement(By.id("name")).sendKeys("published");
		this.browser.findElement(By.id("command")).sendKeys("sleep 600");
		this.browser.findElement(By.id("ports")).sendKeys("127.0.0.1:" + hostPort + ":80/tcp");
		screenshot("create-ports");
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.titleContains("published"));
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"),
				"127.0.0.1:" + hostPort + " → 80/tcp"));
		assertThat(this.browser.findElement(By.id("summary")).getText()).contains("Network").contains("bulkhead");
		screenshot("container-ports");
	}

	private static int freePort() throws java.io.IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** Signs in from a fresh session, through the form a person uses. */
	private void signIn(String username, String password) throws Exception {
		this.browser.manage().deleteAllCookies();
		this.browser.get(this.server.baseUrl() + "/containers");
		until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
		this.browser.findElement(By.id("username")).sendKeys(username);
		this.browser.findElement(By.id("password")).sendKeys(password);
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.titleContains("Containers"));
	}

	private <T> T until(ExpectedCondition<T> condition) throws Exception {
		try {
			return this.wait.until(condition);
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			screenshot("failed-viewer-" + System.currentTimeMillis());
			Files.writeString(SCREENSHOTS.resolve("failed-viewer-" + System.currentTimeMillis() + ".html"),
					this.browser.getPageSource());
			throw ex;
		}
	}

	private void screenshot(String name) throws Exception {
		byte[] png = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES);
		Files.write(SCREENSHOTS.resolve(name + ".png"), png);
	}

}
