package dev.bulkhead.it.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.BrowserTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administration pages in a real headless Chromium under the server's
 * Content-Security-Policy: an error appears next to the form that caused it, a user is
 * created, locked out by wrong passwords at the real sign-in form, unlocked by the
 * administrator and deleted after a confirmation; a token is shown once; quotas show use
 * against limit. Screenshots land in target/screenshots.
 */
class AdminPagesIT extends BrowserTest {

	private static final String UMA_PASSWORD = "umas own long passphrase";

	AdminPagesIT() {
		super(1280, 1000);
	}

	@Test
	void anAdministratorManagesAUserThroughLockOutAndTokensAndQuotas() throws Exception {
		String base = this.server.baseUrl();
		signIn("admin", BulkheadServer.ADMIN_PASSWORD, "/login", "Overview");

		this.browser.get(base + "/admin/users");
		this.browser.findElement(By.id("new-username")).sendKeys("uma");
		this.browser.findElement(By.id("new-password")).sendKeys("uma");
		// The browser's own minimum length check would stop the form before the server
		// sees it; the server's answer is what is tested here.
		script("document.getElementById('new-password').removeAttribute('minlength')");
		submit("#create-user-errors");
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("create-user-errors"), "at least 12"));
		assertThat(this.browser.findElement(By.id("errors")).getText()).isEmpty();
		screenshot("admin-01-error-next-to-form");
		this.browser.findElement(By.id("new-password")).clear();
		this.browser.findElement(By.id("new-password")).sendKeys(UMA_PASSWORD);
		submit("#create-user-errors");
		until(ExpectedConditions.presenceOfElementLocated(By.xpath("//tr[td/span[text()='uma']]")));

		for (int i = 0; i < 5; i++) {
			openSignInForm("/login");
			submitSignInForm("uma", "not umas password " + i);
			until(ExpectedConditions.urlContains("/login?error"));
		}
		openSignInForm("/login");
		submitSignInForm("uma", UMA_PASSWORD);
		until(ExpectedConditions.urlContains("/login?locked"));
		assertThat(this.browser.findElement(By.tagName("main")).getText()).contains("Too many failed sign-ins");
		screenshot("admin-02-locked");

		signIn("admin", BulkheadServer.ADMIN_PASSWORD, "/login", "Overview");
		this.browser.get(base + "/admin/users");
		assertThat(this.browser.findElement(By.xpath("//tr[td/span[text()='uma']]")).getText())
			.contains("locked until");
		screenshot("admin-03-users");
		this.browser.findElement(By.xpath("//tr[td/span[text()='uma']]//button[text()='Unlock']")).click();
		until(ExpectedConditions
			.invisibilityOfElementLocated(By.xpath("//tr[td/span[text()='uma']]//button[text()='Unlock']")));

		signIn("uma", UMA_PASSWORD, "/login", "Overview");
		assertThat(this.browser.findElement(By.className("site-nav")).getText()).contains("Tokens")
			.doesNotContain("Users")
			.doesNotContain("Audit");
		this.browser.get(base + "/tokens");
		this.browser.findElement(By.id("token-name")).sendKeys("from-the-browser");
		submit("#create-token-errors");
		until(ExpectedConditions.presenceOfElementLocated(By.id("created-token")));
		String token = this.browser.findElement(By.id("created-token")).getDomProperty("value");
		assertThat(token).startsWith("bkh_");
		screenshot("admin-04-token-once");
		this.browser.get(base + "/tokens");
		assertThat(this.browser.getPageSource()).contains("from-the-browser").doesNotContain(token);

		signIn("admin", BulkheadServer.ADMIN_PASSWORD, "/login", "Overview");
		this.browser.get(base + "/teams");
		this.browser.findElement(By.id("q-cpus-default")).sendKeys("2.5");
		this.browser.findElement(By.cssSelector("form[action='/teams/default/quota'] button[type=submit]")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("team-default"), "2.500"));
		screenshot("admin-05-teams");

		this.browser.get(base + "/admin/users");
		this.browser.findElement(By.xpath("//tr[td/span[text()='uma']]//button[text()='Delete']")).click();
		until(ExpectedConditions.alertIsPresent()).accept();
		until(ExpectedConditions.invisibilityOfElementLocated(By.xpath("//tr[td/span[text()='uma']]")));

		this.browser.get(base + "/admin/audit?actor=uma");
		assertThat(this.browser.findElement(By.tagName("table")).getText()).contains("account-locked")
			.contains("sign-in");
		screenshot("admin-06-audit");
	}

	@Test
	void anAdministratorGrantsAndRevokesPolicyExceptions() throws Exception {
		String base = this.server.baseUrl();
		// One that has already run out, granted through the API for a second.
		dev.bulkhead.it.support.Api.Response shortLived = this.api.post("/api/v1/policy/exceptions",
				"{\"relaxation\":\"cap-add:NET_RAW\",\"team\":\"default\",\"reason\":\"a short test\","
						+ "\"expiresInSeconds\":1}");
		assertThat(shortLived.status()).as(shortLived.body()).isEqualTo(201);
		Thread.sleep(1500);

		signIn("admin", BulkheadServer.ADMIN_PASSWORD, "/login", "Overview");
		this.browser.findElement(By.linkText("Exceptions")).click();
		until(ExpectedConditions.titleContains("Policy exceptions"));
		assertThat(this.browser.findElement(By.id("exceptions")).getText()).contains("cap-add:NET_RAW")
			.contains("expired")
			.contains("a short test");

		this.browser.findElement(By.id("relaxation")).sendKeys("cap-add:SYS_PTRACE");
		this.browser.findElement(By.id("exception-team")).sendKeys("no-such-team");
		this.browser.findElement(By.id("reason")).sendKeys("debugging a crash with strace");
		submit("#grant-errors");
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("grant-errors"), "no-such-team"));
		this.browser.findElement(By.id("exception-team")).clear();
		this.browser.findElement(By.id("exception-team")).sendKeys("default");
		submit("#grant-errors");
		By granted = By.xpath("//tr[td/code[text()='cap-add:SYS_PTRACE']]");
		until(ExpectedConditions.presenceOfElementLocated(granted));
		assertThat(this.browser.findElement(granted).getText()).contains("team:default")
			.contains("active")
			.contains("admin")
			.contains("debugging a crash with strace");
		screenshot("admin-07-exceptions");

		this.browser.findElement(By.xpath("//tr[td/code[text()='cap-add:SYS_PTRACE']]//button[text()='Revoke']"))
			.click();
		until(ExpectedConditions.alertIsPresent()).accept();
		until(ExpectedConditions.invisibilityOfElementLocated(granted));
		assertThat(this.api.get("/api/v1/policy/exceptions").body()).doesNotContain("SYS_PTRACE");

		// Others find neither the page in their navigation nor the page itself.
		assertThat(this.api.post("/api/v1/users", "{\"username\":\"ewa\",\"password\":\"ewas own long passphrase\"}")
			.status()).isEqualTo(201);
		signIn("ewa", "ewas own long passphrase", "/login", "Overview");
		assertThat(this.browser.findElement(By.className("site-nav")).getText()).doesNotContain("Exceptions");
		this.browser.get(base + "/admin/exceptions");
		assertThat(this.browser.findElement(By.tagName("main")).getText()).contains("for administrators")
			.doesNotContain("NET_RAW");
	}

	private void submit(String errorArea) {
		this.browser.findElement(By.cssSelector("form[data-errors='" + errorArea + "'] button[type=submit]")).click();
	}

}
