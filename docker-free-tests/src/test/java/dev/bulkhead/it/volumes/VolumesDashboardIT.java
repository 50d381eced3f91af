package dev.bulkhead.it.volumes;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.BrowserTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The volume pages and the mounts field of the create form in a real headless Chromium:
 * create a volume with a label, mount it in a container (whose page shows the mount and
 * the permission warning), and remove the volume after confirming.
 */
class VolumesDashboardIT extends BrowserTest {

	@Test
	void userCreatesMountsAndRemovesAVolumeFromTheDashboard() throws Exception {
		String base = this.server.baseUrl();
		signIn("admin", BulkheadServer.ADMIN_PASSWORD, "/volumes", "Volumes");

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

}
