package dev.bulkhead.it.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.BrowserTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loading an image tar through the images page in a real headless Chromium: the form
 * shows how much of the upload has gone and then that the server is storing it, cannot be
 * sent twice while it runs, and a refused upload leaves only the reason next to the form.
 */
class ImageUploadProgressIT extends BrowserTest {

	/**
	 * Notes the upload box as the page's own handler leaves it after each progress event,
	 * in session storage so the note outlives the page load that follows a success.
	 */
	private static final String RECORDER = """
			sessionStorage.removeItem('upload');
			document.addEventListener('htmx:xhr:progress', function () {
			  var box = document.querySelector('#load-form .upload-progress');
			  var bar = box.querySelector('progress');
			  sessionStorage.setItem('upload', JSON.stringify({
			    hidden: box.hidden, value: bar.value, max: bar.max,
			    text: box.querySelector('[role=status]').textContent,
			    disabled: document.querySelector('#load-form button[type=submit]').disabled }));
			});
			""";

	ImageUploadProgressIT() {
		super(1280, 1000, Duration.ofSeconds(30));
	}

	@Test
	void loadingAnImageShowsTheUploadsProgressAndThenTheImage() throws Exception {
		Path tar = this.roots.resolve("upload-busybox.tar");
		Process make = new ProcessBuilder("bash",
				Path.of(System.getProperty("bulkhead.scripts", "scripts"), "make-busybox-image.sh").toString(),
				tar.toString(), "upload/busybox:1")
			.redirectErrorStream(true)
			.start();
		assertThat(make.waitFor()).isZero();
		long size = Files.size(tar);
		signIn("admin", BulkheadServer.ADMIN_PASSWORD, "/images", "Images");

		this.browser.get(this.server.baseUrl() + "/images");
		assertThat(this.browser.findElement(By.cssSelector("#load-form .upload-progress")).isDisplayed()).isFalse();
		script(RECORDER);
		this.browser.findElement(By.id("file")).sendKeys(tar.toString());
		this.browser.findElement(By.cssSelector("#load-form button[type=submit]")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("images"), "upload/busybox:1"));
		screenshot("image-uploaded");

		@SuppressWarnings("unchecked")
		Map<String, Object> last = (Map<String, Object>) script("return JSON.parse(sessionStorage.getItem('upload'));");
		assertThat(last).as("the state of the upload box after the last progress event").isNotNull();
		assertThat(last.get("hidden")).isEqualTo(false);
		// The multipart body is the tar plus its part headers.
		double max = ((Number) last.get("max")).doubleValue();
		assertThat(max).isBetween((double) size, size + 4096.0);
		assertThat(((Number) last.get("value")).doubleValue()).isEqualTo(max);
		assertThat((String) last.get("text")).startsWith("Uploaded ").contains("storing it");
		assertThat(last.get("disabled")).as("the Load button while the upload runs").isEqualTo(true);
		assertThat(this.api.get("/api/v1/images/upload/busybox:1").status()).isEqualTo(200);
	}

	@Test
	void aRefusedUploadLeavesOnlyTheReasonNextToTheForm() throws Exception {
		Path junk = this.roots.resolve("not-an-image.tar");
		Files.write(junk, new byte[64 * 1024]);
		signIn("admin", BulkheadServer.ADMIN_PASSWORD, "/images", "Images");
		this.browser.get(this.server.baseUrl() + "/images");
		this.browser.findElement(By.id("file")).sendKeys(junk.toString());
		this.browser.findElement(By.cssSelector("#load-form button[type=submit]")).click();
		until((driver) -> !driver.findElement(By.id("load-errors")).getText().isBlank());
		screenshot("image-upload-refused");
		assertThat(this.browser.findElement(By.cssSelector("#load-form .upload-progress")).isDisplayed()).isFalse();
		assertThat(this.browser.findElement(By.cssSelector("#load-form button[type=submit]")).isEnabled()).isTrue();
		assertThat(this.browser.getCurrentUrl()).endsWith("/images");
	}

}
