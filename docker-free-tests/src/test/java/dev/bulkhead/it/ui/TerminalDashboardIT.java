package dev.bulkhead.it.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.BrowserTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's terminal in a real headless Chromium: from a container's page to its
 * terminal, type a command and read its output in xterm.js's rows. The screenshot lands
 * in target/screenshots.
 */
class TerminalDashboardIT extends BrowserTest {

	@Test
	void anOperatorTypesInTheContainersTerminal() throws Exception {
		String id = this.api.run("ui-terminal", "sh", "-c", "while true; do sleep 1; done");
		signIn("admin", BulkheadServer.ADMIN_PASSWORD);

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

}
