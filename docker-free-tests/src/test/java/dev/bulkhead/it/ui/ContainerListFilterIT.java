package dev.bulkhead.it.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.bulkhead.it.support.HeadlessChromium;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The containers list's search box and state filter in a real headless Chromium: typing
 * and choosing narrow the rows without a page load, and the narrowed list still follows
 * state changes as they happen (a container that stops matching goes, one that starts
 * matching comes). Screenshots land in target/screenshots.
 */
class ContainerListFilterIT extends PlatformTest {

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
	void searchAndStateFilterNarrowTheLiveList() throws Exception {
		String alpha = this.api.run("find-alpha", "sh", "-c", "while true; do sleep 1; done");
		String beta = this.api.create("find-beta", "sh", "-c", "while true; do sleep 1; done");
		this.api.run("other-gamma", "sh", "-c", "while true; do sleep 1; done");
		signIn("admin", BulkheadServer.ADMIN_PASSWORD);
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("container-rows"), "other-gamma"));
		// A mark in the page's window: a full page load would lose it.
		((JavascriptExecutor) this.browser).executeScript("window.bulkheadMark = 'kept';");
		String address = this.browser.getCurrentUrl();

		this.browser.findElement(By.id("filter-q")).sendKeys("FIND");
		until(ExpectedConditions
			.not(ExpectedConditions.textToBePresentInElementLocated(By.id("container-rows"), "other-gamma")));
		assertThat(rowNames()).containsExactlyInAnyOrder("find-alpha", "find-beta");

		new Select(this.browser.findElement(By.id("filter-state"))).selectByValue("running");
		until((driver) -> rowNames().equals(List.of("find-alpha")));
		screenshot("list-filtered");

		// Live updates keep to the filter: a stopped container leaves, a started one
		// comes.
		assertThat(this.api.post("/api/v1/containers/" + alpha + "/stop?timeout=1").status()).isEqualTo(200);
		until((driver) -> rowNames().isEmpty());
		assertThat(this.api.post("/api/v1/containers/" + beta + "/start").status()).isEqualTo(200);
		until((driver) -> rowNames().equals(List.of("find-beta")));

		new Select(this.browser.findElement(By.id("filter-state"))).selectByValue("exited");
		until((driver) -> rowNames().equals(List.of("find-alpha")));
		this.browser.findElement(By.id("filter-q")).clear();
		this.browser.findElement(By.id("filter-q")).sendKeys("busybox");
		until((driver) -> rowNames().equals(List.of("find-alpha")));
		assertThat(((JavascriptExecutor) this.browser).executeScript("return window.bulkheadMark;")).isEqualTo("kept");
		assertThat(this.browser.getCurrentUrl()).isEqualTo(address);

		// The form works without script too, and the page shows the filter it applied.
		this.browser.get(this.server.baseUrl() + "/containers?q=gamma&state=running");
		until((driver) -> rowNames().equals(List.of("other-gamma")));
		assertThat(this.browser.findElement(By.id("filter-q")).getAttribute("value")).isEqualTo("gamma");
	}

	private List<String> rowNames() {
		return this.browser.findElements(By.cssSelector("#container-rows tr[id^=row-] td:nth-child(2) a"))
			.stream()
			.map(WebElement::getText)
			.toList();
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
