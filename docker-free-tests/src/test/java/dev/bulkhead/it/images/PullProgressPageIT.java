package dev.bulkhead.it.images;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.LocalRegistry;
import dev.bulkhead.it.support.BrowserTest;
import dev.bulkhead.it.support.RegistryImage;
import dev.bulkhead.it.support.RegistryUpload;
import dev.bulkhead.it.support.ThrottledProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images page in a real headless Chromium: a pull started from the form shows a
 * labelled progress bar per blob that moves without a reload, and its Cancel button stops
 * the pull. Screenshots land in target/screenshots.
 */
class PullProgressPageIT extends BrowserTest {

	private LocalRegistry registry;

	private ThrottledProxy proxy;

	PullProgressPageIT() {
		super(1280, 1000, Duration.ofSeconds(30));
	}

	@Override
	protected List<String> serverArguments() {
		Assumptions.assumeTrue(LocalRegistry.available(),
				"needs docker-registry, skopeo and apache2-utils (the CI script installs them)");
		// Checked here too, so no registry is started for a test that would be skipped.
		assumeChromium();
		this.registry = LocalRegistry.anonymous();
		this.proxy = new ThrottledProxy(this.registry.host(), 2L << 20);
		return List.of("--bulkhead.registries.insecure=" + this.proxy.host());
	}

	@AfterAll
	void stop() {
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
		signIn("admin", BulkheadServer.ADMIN_PASSWORD, "/images", "Images");

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
		script("document.getElementById('pull-progress').scrollIntoView({block: 'center'});");
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

}
