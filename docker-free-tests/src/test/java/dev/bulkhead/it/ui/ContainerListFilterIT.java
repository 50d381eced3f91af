package dev.bulkhead.it.ui;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.BrowserTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The containers list's search box and state filter in a real headless Chromium: typing
 * and choosing narrow the rows without a page load, and the narrowed list still follows
 * state changes as they happen (a container that stops matching goes, one that starts
 * matching comes). Screenshots land in target/screenshots.
 */
class ContainerListFilterIT extends BrowserTest {

	ContainerListFilterIT() {
		super(1280, 1000);
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

}
