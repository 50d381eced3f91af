package dev.bulkhead.it.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.bulkhead.it.support.HeadlessChromium;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's terminal in a real headless Chromium: from a container's page to its
 * terminal, type a command and read its output in xterm.js's rows. The screenshot lands
 * in target/screenshots.
 */
class TerminalDashboardIT extends PlatformTest {

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
	void anOperatorTypesInTheContainersTerminal() throws Exception {
		String id = this.api.run("ui-terminal", "sh", "-c", "while true; do sleep 1; done");
		this.browser.get(this.server.baseUrl() + "/containers");
		until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
		this.browser.findElement(By.id("username")).sendKeys("admin");
		this.browser.findElement(By.id("password")).sendKeys(BulkheadServer.ADMIN_PASSWORD);
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.titleContains("Containers"));

		this.browser.get(this.server.baseUrl() + "/containers/" + id);
		until(ExpectedConditions.elementToBeClickable(By.linkText("Terminal"))).click();
		until(ExpectedConditions.titleContains("Terminal"));
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("terminal-status"), "connected"));
		this.browser.findElement(By.cssSelector("#terminal .xterm-helper-textarea"))
			.sendKeys("echo typed-$((1+1))" + Keys.ENTER);
		until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#terminal .xterm-rows"), "typed-2"));
		screenshot("terminal");
		assertThat(this.browser.manage().logs().get(LogType.BROWSER).getAll())
			.as("no script or policy errors in the console")
			.filteredOn((entry) -> !entry.getMessage().contains("/favicon.ico"))
			.noneMatch((entry) -> entry.getMessage().contains("Content Security Policy")
					|| entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue());

		this.browser.findElement(By.cssSelector("#terminal .xterm-helper-textarea")).sendKeys("exit 5" + Keys.ENTER);
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("terminal-status"),
				"process exited with code 5"));
	}

	private <T> T until(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) throws Exception {
		try {
			return this.wait.until(condition);
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			screenshot("terminal-failed-" + System.currentTimeMillis());
			Files.writeString(SCREENSHOTS.resolve("terminal-failed-" + System.currentTimeMillis() + ".html"),
					this.browser.getPageSource());
			throw ex;
		}
	}

	private void screenshot(String name) throws Exception {
		byte[] png = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES);
		Files.write(SCREENSHOTS.resolve(name + ".png"), png);
	}

}
