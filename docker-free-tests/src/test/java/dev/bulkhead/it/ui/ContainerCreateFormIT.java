package dev.bulkhead.it.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.BrowserTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The create form in a real headless Chromium: a container created with a published port
 * on a chosen network shows both on its page. Screenshots land in target/screenshots.
 */
class ContainerCreateFormIT extends BrowserTest {

	ContainerCreateFormIT() {
		super(1280, 1000);
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

}
