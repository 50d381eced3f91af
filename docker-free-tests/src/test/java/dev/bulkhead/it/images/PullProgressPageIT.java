package dev.bulkhead.it.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.HeadlessChromium;
import dev.bulkhead.it.support.LocalRegistry;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.RegistryImage;
import dev.bulkhead.it.support.RegistryUpload;
import dev.bulkhead.it.support.ThrottledProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images page in a real headless Chromium: a pull started from the form shows a
 * labelled progress bar per blob that moves without a reload, and its Cancel button stops
 * the pull. Screenshots land in target/screenshots.
 */
class PullProgressPageIT extends PlatformTest {

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private LocalRegistry registry;

	private ThrottledProxy proxy;

	private WebDriver browser;

	private WebDriverWait wait;

	@Override
	protected List<String> serverArguments() {
		Assumptions.assumeTrue(LocalRegistry.available(),
				"needs docker-registry, skopeo and apache2-utils (the CI script installs them)");
		Assumptions.assumeTrue(
				Files.isExecutable(Path.of("/usr/bin/chromium"))
						&& Files.isExecutable(Path.of("/usr/bin/chromedriver")),
				"needs Debian's chromium and chromium-driver (the CI script installs them)");
		this.registry = LocalRegistry.anonymous();
		this.proxy = new ThrottledProxy(this.registry.host(), 2L << 20);
		return List.of("--bulkhead.registries.insecure=" + this.proxy.host());
	}

	@AfterAll
	void stop() {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.proxy != null) {
			this.proxy.close();
		}
		if (this.registry != null) {
			this.registry.close();
		}
	}

	@Test
	void aPullFromThePageShowsProgressBarsAndCanBeCancelled() throws Exception {
		RegistryImage.Layer small = RegistryImage.randomFileLayer("small.bin", 1L << 20, 3);
		RegistryImage.Layer big = RegistryImage.randomFileLayer("big.bin", 48L << 20, 5);
		new RegistryImage().layer(small).layer(big).push(RegistryUpload.anonymous(this.registry), "page/progress", "1");
		String reference = this.proxy.host() + "/page/progress:1";
		startBrowser();

		this.browser.get(this.server.baseUrl() + "/images");
		until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
		this.browser.findElement(By.id("username")).sendKeys("admin");
		this.browser.findElement(By.id("password")).sendKeys(BulkheadServer.ADMIN_PASSWORD);
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		until(ExpectedConditions.titleContains("Images"));

		this.browser.findElement(By.id("reference")).sendKeys(reference);
		this.browser.findElement(By.cssSelector("#pull-form button[type=submit]")).click();
		String bigShort = big.diffId().substring("sha256:".length(), "sha256:".length() + 12);
		WebElement bar = until(ExpectedConditions
			.presenceOfElementLocated(By.xpath("//li[@class='pull-layer'][@data-status='downloading']"
					+ "[contains(label, '" + bigShort + "')]/progress")));
		long first = Long.parseLong(bar.getDomProperty("value").split("\\.")[0]);
		// The bar moves without a reload: the same element's value grows.
		until((driver) -> Long.parseLong(bar.getDomProperty("value").split("\\.")[0]) > first + (1L << 20));
		until(ExpectedConditions
			.textToBePresentInElementLocated(By.cssSelector("li.pull-layer[data-status=done] label"), "(done)"));
		String label = this.browser.findElement(By.cssSelector("label[for='" + bar.getDomAttribute("id") + "']"))
			.getText();
		assertThat(label).contains("layer " + bigShort).contains("MiB / 48.0 MiB").contains("(downloading)");
		assertThat(bar.getDomProperty("max")).startsWith(Long.toString(Files.size(big.file())));
		assertThat(this.browser.findElement(By.id("pull-status")).getDomAttribute("aria-live")).isEqualTo("polite");
		assertThat(this.browser.findElement(By.id("pull-status")).getText()).contains("Pulling " + reference);
		((JavascriptExecutor) this.browser)
			.executeScript("document.getElementById('pull-progress').scrollIntoView({block: 'center'});");
		screenshot("pull-progress");

		WebElement cancel = this.browser.findElement(By.id("pull-cancel"));
		assertThat(cancel.isDisplayed()).isTrue();
		cancel.click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("pull-status"), "was cancelled"));
		assertThat(this.browser.findElement(By.id("pull-progress")).getDomAttribute("data-outcome"))
			.isEqualTo("cancelled");
		assertThat(cancel.isDisplayed()).isFalse();
		screenshot("pull-cancelled");
		assertThat(this.api.get("/api/v1/images/" + reference).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/images/pulls").json()).isEmpty();
	}

	private void startBrowser() throws Exception {
		Files.createDirectories(SCREENSHOTS);
		this.browser = HeadlessChromium.start(this.roots, 1280, 1000);
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		this.wait.ignoring(WebDriverException.class);
	}

	private <T> T until(ExpectedCondition<T> condition) throws Exception {
		try {
			return this.wait.until(condition);
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			screenshot("pull-failed-" + System.currentTimeMillis());
			Files.writeString(SCREENSHOTS.resolve("pull-failed-" + System.currentTimeMillis() + ".html"),
					this.browser.getPageSource());
			throw ex;
		}
	}

	private void screenshot(String name) throws Exception {
		Files.write(SCREENSHOTS.resolve(name + ".png"),
				((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES));
	}

}
