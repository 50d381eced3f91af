package dev.bulkhead.it.images;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.BrowserTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images pages in a real headless Chromium: sizes in the list, an image's page, a tag
 * refused with the reason next to the tag form, a tag that works, import from the form,
 * remove and prune behind their confirmations. Screenshots land in target/screenshots.
 */
class ImagePagesIT extends BrowserTest {

	@Test
	void anImageIsInspectedTaggedImportedRemovedAndPrunedFromTheDashboard() throws Exception {
		String base = this.server.baseUrl();
		signIn("admin", BulkheadServer.ADMIN_PASSWORD, "/images", "Images");
		assertThat(this.browser.findElement(By.id("images")).getText()).contains("busybox:latest").contains("MiB");
		assertThat(this.browser.findElement(By.id("disk-use")).getText()).contains("Reclaimable");
		screenshot("images-01-list");

		this.browser.findElement(By.linkText("busybox:latest")).click();
		until(ExpectedConditions.titleContains("busybox"));
		assertThat(this.browser.findElement(By.id("layers")).getText()).contains("tar+gzip");
		assertThat(this.browser.findElement(By.id("history")).getText()).contains("make-busybox-image.sh");

		this.browser.findElement(By.id("target")).sendKeys("Not A Name");
		this.browser.findElement(By.cssSelector("#tag button[type=submit]")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("tag-errors"), "not a valid image reference"));
		assertThat(this.browser.findElement(By.id("errors")).getText()).isEmpty();
		screenshot("images-02-tag-refused");
		this.browser.findElement(By.id("target")).clear();
		this.browser.findElement(By.id("target")).sendKeys("ui/tagged:1");
		this.browser.findElement(By.cssSelector("#tag button[type=submit]")).click();
		until(ExpectedConditions.titleContains("ui/tagged:1"));
		assertThat(this.browser.findElement(By.id("summary")).getText()).contains("busybox:latest")
			.contains("ui/tagged:1");
		this.browser.findElement(By.xpath("//button[normalize-space()='Remove']")).click();
		until(ExpectedConditions.alertIsPresent()).accept();
		until(ExpectedConditions.titleIs("Images · Bulkhead"));
		assertThat(this.browser.findElement(By.id("images")).getText()).doesNotContain("ui/tagged:1")
			.contains("busybox:latest");

		Path rootfs = this.roots.resolve("ui-rootfs.tar");
		Files.write(rootfs, busyboxRootfs());
		this.browser.findElement(By.id("import-file")).sendKeys(rootfs.toString());
		this.browser.findElement(By.id("import-reference")).sendKeys("ui/imported:1");
		this.browser.findElement(By.id("import-cmd")).sendKeys("sh -c 'echo from the form'");
		this.browser.findElement(By.cssSelector("#import button[type=submit]")).click();
		until(ExpectedConditions.titleContains("ui/imported:1"));
		assertThat(this.browser.getPageSource()).contains("sh -c echo from the form");
		JsonNode imported = this.api.get("/api/v1/images/ui/imported:1").json();
		assertThat(imported.get("cmd").toString()).isEqualTo("[\"sh\",\"-c\",\"echo from the form\"]");
		screenshot("images-03-imported");

		this.browser.findElement(By.xpath("//button[normalize-space()='Force remove']")).click();
		until(ExpectedConditions.alertIsPresent()).accept();
		until(ExpectedConditions.titleIs("Images · Bulkhead"));
		this.browser.findElement(By.xpath("//button[normalize-space()='Prune untagged images']")).click();
		until(ExpectedConditions.alertIsPresent()).accept();
		until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Pruned 0 image(s)"));
		screenshot("images-04-pruned");
		assertThat(this.api.get("/api/v1/images/ui/imported:1").status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/images/busybox").status()).isEqualTo(200);
	}

	/** The busybox root filesystem: the only layer of its docker-archive save. */
	private byte[] busyboxRootfs() throws Exception {
		HttpResponse<byte[]> saved = HttpClient.newHttpClient()
			.send(this.api.authorized("/api/v1/images/busybox/save").GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
		assertThat(saved.statusCode()).isEqualTo(200);
		byte[] manifest = null;
		java.util.Map<String, byte[]> entries = new java.util.HashMap<>();
		try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(saved.body()))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				entries.put(entry.getName(), tar.readAllBytes());
			}
		}
		manifest = entries.get("manifest.json");
		return entries.get(Api.JSON.readTree(manifest).get(0).get("Layers").get(0).asString());
	}

}
