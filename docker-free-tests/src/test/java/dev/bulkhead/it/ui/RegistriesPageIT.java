package dev.bulkhead.it.ui;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.LocalRegistry;
import dev.bulkhead.it.support.BrowserTest;
import dev.bulkhead.it.support.RegistryImage;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Registries admin page and the Push form of an image's page in a real headless
 * Chromium, against Debian's docker-registry with htpasswd on 127.0.0.1: a wrong password
 * is refused by the registry's own handshake and nothing is stored, the right one is
 * stored, a push from the image's page shows each blob and ends with the digest that the
 * registry then serves, and after the login is deleted the registry's refusal appears
 * next to the form. Developers and viewers find neither the page nor its link.
 * Screenshots land in target/screenshots.
 */
class RegistriesPageIT extends BrowserTest {

	private static final String REGISTRY_USER = "pusher";

	private static final String REGISTRY_PASSWORD = "the registry's own password";

	private static final String MEMBER_PASSWORD = "a members long passphrase";

	private LocalRegistry registry;

	RegistriesPageIT() {
		super(1280, 1100, Duration.ofSeconds(30));
	}

	@Override
	protected List<String> serverArguments() {
		Assumptions.assumeTrue(LocalRegistry.available(),
				"needs docker-registry, skopeo and apache2-utils (the CI script installs them)");
		this.registry = LocalRegistry.withBasicAuth(REGISTRY_USER, REGISTRY_PASSWORD);
		return List.of("--bulkhead.registries.insecure=" + this.registry.host());
	}

	@AfterAll
	void stop() {
		if (this.registry != null) {
			this.registry.close();
		}
	}

	@Test
	void anAdministratorStoresATestedLoginPushesAnImageFromItsPageAndDeletesTheLogin() throws Exception {
		String base = this.server.baseUrl();
		String host = this.registry.host();
		signIn("admin", BulkheadServer.ADMIN_PASSWORD, "/login", "Overview");
		this.browser.findElement(By.linkText("Registries")).click();
		until(ExpectedConditions.titleContains("Registries"));
		assertThat(this.browser.findElement(By.id("registries")).getText()).contains(host)
			.containsIgnoringCase("plain HTTP");

		// A wrong password: the registry's refusal in words, next to the form; nothing
		// stored.
		this.browser.findElement(By.id("registry-host")).sendKeys(host);
		this.browser.findElement(By.id("registry-username")).sendKeys(REGISTRY_USER);
		this.browser.findElement(By.id("registry-password")).sendKeys("not the password");
		this.browser.findElement(By.id("registry-test-button")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-check"), "Login refused"));
		assertThat(this.browser.findElement(By.id("login-check")).getText()).contains(host).contains("401");
		this.browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-errors"), "nothing was stored"));
		assertThat(this.api.get("/api/v1/registries/logins").body()).doesNotContain(host);

		// The right one: accepted, then stored and listed with who set it.
		WebElement password = this.browser.findElement(By.id("registry-password"));
		password.clear();
		password.sendKeys(REGISTRY_PASSWORD);
		this.browser.findElement(By.id("registry-test-button")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-check"), "Login accepted"));
		this.browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
		By row = By.id("registry-" + host.replace('.', '-').replace(':', '-'));
		// The row is there before (the registry is a plain-HTTP one); the login joins it.
		until(ExpectedConditions.textToBePresentInElementLocated(row, REGISTRY_USER));
		assertThat(this.browser.findElement(row).getText()).contains("stored")
			.contains("by admin")
			.containsIgnoringCase("plain HTTP");
		assertThat(this.browser.getPageSource()).doesNotContain(REGISTRY_PASSWORD);
		assertThat(this.api.get("/api/v1/registries/logins").body()).contains(host).contains(REGISTRY_USER);
		screenshot("admin-registries");

		// Push the test image from its page into the registry.
		String manifest = this.api.get("/api/v1/images/" + TestImages.BUSYBOX).json().get("manifest").asString();
		this.browser.get(base + "/images/view?reference=" + TestImages.BUSYBOX);
		WebElement target = this.browser.findElement(By.id("push-target"));
		assertThat(target.getDomProperty("value")).isEqualTo(TestImages.BUSYBOX);
		target.clear();
		target.sendKeys(host + "/ui/busybox:1");
		this.browser.findElement(By.cssSelector("#push-form button[type=submit]")).click();
		until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#push-status[data-state=done]")));
		WebElement status = this.browser.findElement(By.id("push-status"));
		assertThat(status.getText()).contains("Done: " + host + "/ui/busybox:1").contains("config").contains("layer");
		assertThat(status.getDomAttribute("hx-get")).as("a finished push stops polling").isNull();
		assertThat(status.findElements(By.cssSelector("li[data-status]"))).isNotEmpty()
			.allSatisfy((blob) -> assertThat(blob.getDomAttribute("data-status")).isIn("done", "exists", "mounted"));
		String digest = this.browser.findElement(By.cssSelector("#push-digest code")).getText();
		assertThat(digest).isEqualTo(manifest);
		script("document.getElementById('push-form').scrollIntoView()");
		screenshot("image-push");
		assertThat(registryDigest(host, "ui/busybox", "1")).isEqualTo(digest);

		// Delete the login after a confirmation: the registry now refuses pushes, which
		// the page says in words.
		this.browser.get(base + "/admin/registries");
		this.browser.findElement(By.cssSelector("[aria-label='Delete the login for " + host + "']")).click();
		until(ExpectedConditions.alertIsPresent()).accept();
		until(ExpectedConditions.invisibilityOfElementLocated(By.xpath("//tr[td[text()='" + REGISTRY_USER + "']]")));
		assertThat(this.api.get("/api/v1/registries/logins").body()).doesNotContain(host);
		this.browser.get(base + "/images/view?reference=" + TestImages.BUSYBOX);
		target = this.browser.findElement(By.id("push-target"));
		target.clear();
		target.sendKeys(host + "/ui/busybox:2");
		this.browser.findElement(By.cssSelector("#push-form button[type=submit]")).click();
		until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#push-status[data-state=failed]")));
		assertThat(this.browser.findElement(By.id("push-error")).getText()).contains(host).contains("login");

		String audit = this.api.get("/api/v1/audit?action=/admin/registries").body();
		assertThat(audit).contains("/admin/registries/" + host).doesNotContain(REGISTRY_PASSWORD);
	}

	@Test
	void developersAndViewersGetNeitherTheRegistriesPageNorItsLink() throws Exception {
		for (String[] member : new String[][] { { "dora", "developer" }, { "vic", "viewer" } }) {
			Api.Response user = this.api.post("/api/v1/users",
					"{\"username\":\"" + member[0] + "\",\"password\":\"" + MEMBER_PASSWORD + "\"}");
			assertThat(user.status()).as(user.body()).isEqualTo(201);
			Api.Response role = this.api.send(this.api.authorized("/api/v1/teams/default/members/" + member[0])
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + member[1] + "\"}")));
			assertThat(role.status()).as(role.body()).isEqualTo(200);

			signIn(member[0], MEMBER_PASSWORD, "/login", "Overview");
			assertThat(this.browser.findElement(By.className("site-nav")).getText()).as(member[1])
				.contains("Images")
				.doesNotContain("Registries");
			this.browser.get(this.server.baseUrl() + "/admin/registries");
			assertThat(this.browser.findElement(By.tagName("main")).getText()).as(member[1])
				.contains("for administrators")
				.doesNotContain(this.registry.host());
			assertThat(this.browser.findElements(By.id("login-form"))).as(member[1]).isEmpty();
			// Pushing needs what pulling needs: the developer role.
			this.browser.get(this.server.baseUrl() + "/images/view?reference=" + TestImages.BUSYBOX);
			assertThat(this.browser.findElements(By.id("push-form"))).as(member[1])
				.hasSize(member[1].equals("developer") ? 1 : 0);
		}
	}

	/** The digest the registry serves for a tag, asked with the registry's login. */
	private String registryDigest(String host, String repository, String tag) throws Exception {
		String basic = Base64.getEncoder()
			.encodeToString((REGISTRY_USER + ":" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
		HttpResponse<Void> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repository + "/manifests/" + tag))
				.header("Authorization", "Basic " + basic)
				.header("Accept", RegistryImage.OCI_MANIFEST + ", application/vnd.docker.distribution.manifest.v2+json")
				.method("HEAD", HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
	}

}
