package dev.bulkhead.it.ui;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BrowserTest;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.HeadlessChromium;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every dashboard page, filled with real data, in a real headless Chromium at a laptop
 * and a phone size, checked by generic rules run in the page (src/test/resources/a11y/
 * checks.js): names for every control, button, link and image; one h1 and no skipped
 * heading levels; unique ids; text contrast; a visible keyboard focus; confirmations
 * before destructive actions; tables that scroll on their own and no sideways page
 * scrolling on a phone. Pages come from the navigation plus each kind of detail page, so
 * pages added later are checked without changing this test. Phone screenshots land in
 * target/screenshots/phone-*.png.
 */
class DashboardAccessibilityIT extends PlatformTest {

	/** A common phone's width in CSS pixels. */
	private static final int PHONE_WIDTH = 390;

	/** How many Tab presses each page's focus check makes. */
	private static final int FOCUS_STEPS = 30;

	private String checks;

	private String focusStep;

	private String runningId;

	private String stoppedId;

	@BeforeAll
	void createDataForEveryPage() throws IOException {
		BrowserTest.assumeChromium();
		Files.createDirectories(BrowserTest.SCREENSHOTS);
		this.checks = resource("/a11y/checks.js");
		this.focusStep = resource("/a11y/focus-step.js");
		expect(this.api.post("/api/v1/networks", "{\"name\":\"a11y-net\",\"subnet\":\"10.232.30.0/24\"}"), 201);
		expect(this.api.post("/api/v1/volumes", "{\"name\":\"a11y-data\",\"labels\":{\"app\":\"a11y\"}}"), 201);
		this.runningId = this.api.createWith("a11y-running", "\"network\":\"a11y-net\",", "sh", "-c",
				"echo hello from a running container; while true; do sleep 1; done");
		expect(this.api.post("/api/v1/containers/" + this.runningId + "/start"), 200);
		this.stoppedId = this.api.run("a11y-stopped", "sh", "-c", "echo goodbye; exit 3");
		this.api.await(this.stoppedId);
		expect(this.api.post("/api/v1/tokens", "{\"name\":\"a11y-token\",\"expiresInDays\":30}"), 201);
		expect(this.api.post("/api/v1/teams", "{\"name\":\"a11y-team\"}"), 201);
		expect(this.api.post("/api/v1/users", "{\"username\":\"ada\",\"password\":\"adas own long passphrase\"}"), 201);
		expect(this.api.send(this.api.authorized("/api/v1/teams/a11y-team/members/ada")
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"developer\"}"))), 200);
		expect(this.api.post("/api/v1/policy/exceptions",
				"{\"relaxation\":\"cap-add:NET_RAW\",\"team\":\"a11y-team\",\"reason\":\"ping for a network check\","
						+ "\"expiresInSeconds\":86400}"),
				201);
	}

	@Test
	void theChecksFindEachKindOfProblemOnAPageBrokenOnPurpose() throws Exception {
		WebDriver browser = HeadlessChromium.start(this.roots, PHONE_WIDTH, 844);
		try (InputStream in = getClass().getResourceAsStream("/a11y/bad-page.html")) {
			browser.get("data:text/html;base64," + Base64.getEncoder().encodeToString(in.readAllBytes()));
			List<String> problems = new ArrayList<>(focusProblems(browser));
			problems.addAll(contentProblems(browser, true));
			assertThat(String.join("\n", problems)).contains("<html>: no lang attribute")
				.contains("<button \"Quiet focus\">: no visible focus indicator")
				.contains("<a \"Faint ring\">: focus outline rgb(238, 238, 238) has contrast")
				.contains("page: 2 visible h1 elements")
				.contains("<h4 \"Skipped levels\">: heading level h4 skips from h1")
				.contains("<p.pale \"Hard to read\">: text contrast")
				.contains("<input#unnamed>: form control without a label")
				.contains("<input#hinted.pale-hint \"Search\">: text contrast")
				.contains("data-errors points at missing element #nowhere")
				.contains("<button>: button or link without an accessible name")
				.contains("<a>: button or link without an accessible name")
				.contains("<img>: image without alt text")
				.contains("duplicate id \"twice\"")
				.contains("destructive action (/volumes/data/remove)")
				.contains("\"loose table\">: table not inside a .table-wrap")
				.containsPattern("page: scrollWidth 100\\d > window width 390")
				.contains("<div.wide \"too wide for a phone\">: reaches 1000px");
			((JavascriptExecutor) browser).executeScript("document.querySelector('meta[name=viewport]').remove()");
			assertThat(contentProblems(browser, true)).contains("<head>: no <meta name=viewport "
					+ "content=\"width=device-width\">, so a phone shows a shrunken desktop page");
		}
		finally {
			browser.quit();
		}
	}

	@Test
	void everyPageIsUsableByKeyboardAndScreenReaderOnALaptopScreen() throws Exception {
		checkEveryPage("laptop", 1366, 768);
	}

	@Test
	void everyPageIsUsableByKeyboardAndScreenReaderOnAPhoneWithoutSidewaysScrolling() throws Exception {
		checkEveryPage("phone", PHONE_WIDTH, 844);
	}

	private void checkEveryPage(String size, int width, int height) throws Exception {
		WebDriver browser = HeadlessChromium.start(this.roots, width, height);
		try {
			SoftAssertions softly = new SoftAssertions();
			boolean phone = width == PHONE_WIDTH;
			String base = this.server.baseUrl();

			browser.get(base + "/login");
			check(browser, size, phone, "login", softly);

			signIn(browser);
			Map<String, String> pages = new LinkedHashMap<>();
			for (WebElement link : browser.findElements(By.cssSelector(".site-nav a[href]"))) {
				String href = link.getDomProperty("href");
				pages.put(href.substring(href.indexOf('/', "http://".length()) + 1).replace('/', '-'), href);
			}
			assertThat(pages).as("the navigation lists the pages").hasSizeGreaterThan(5);
			pages.put("containers-new", base + "/containers/new");
			pages.put("container-running", base + "/containers/" + this.runningId);
			pages.put("container-stopped", base + "/containers/" + this.stoppedId);
			pages.put("container-terminal", base + "/containers/" + this.runningId + "/terminal");
			pages.put("image", base + "/images/view?reference=" + TestImages.BUSYBOX);
			pages.put("network", base + "/networks/a11y-net");
			pages.put("volume", base + "/volumes/a11y-data");
			pages.put("not-found-container", base + "/containers/no-such-container");
			pages.put("not-found-page", base + "/no-such-page");

			for (Map.Entry<String, String> page : pages.entrySet()) {
				browser.get(page.getValue());
				check(browser, size, phone, page.getKey(), softly);
				for (WebElement tab : browser.findElements(By.cssSelector("[role=tab]"))) {
					String tabName = tab.getDomAttribute("id");
					if (!tab.isDisplayed() || "true".equals(tab.getDomAttribute("aria-selected"))) {
						continue;
					}
					tab.click();
					sleep(800);
					checkContent(browser, phone, page.getKey() + " (tab " + tabName + ")", softly);
					if (phone) {
						screenshot(browser, "phone-" + page.getKey() + "-" + tabName);
					}
				}
			}
			softly.assertAll();
		}
		finally {
			browser.quit();
		}
	}

	/** Loads nothing; checks the page already shown: focus first, then content. */
	private void check(WebDriver browser, String size, boolean phone, String page, SoftAssertions softly)
			throws Exception {
		new WebDriverWait(browser, Duration.ofSeconds(20))
			.until((b) -> "complete".equals(((JavascriptExecutor) b).executeScript("return document.readyState")));
		sleep(800);
		screenshot(browser, size + "-" + page);
		List<String> problems = new ArrayList<>(focusProblems(browser));
		problems.addAll(contentProblems(browser, phone));
		softly.assertThat(problems).as("%s at %s size (%s)", page, size, browser.getCurrentUrl()).isEmpty();
	}

	private void checkContent(WebDriver browser, boolean phone, String page, SoftAssertions softly) {
		softly.assertThat(contentProblems(browser, phone)).as("%s (%s)", page, browser.getCurrentUrl()).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private List<String> contentProblems(WebDriver browser, boolean phone) {
		return (List<String>) ((JavascriptExecutor) browser).executeScript(this.checks, phone ? PHONE_WIDTH : 0);
	}

	/**
	 * Tabs through the first focusable elements as a keyboard user does and reports each
	 * one whose outline and box shadow look the same focused and unfocused.
	 */
	@SuppressWarnings("unchecked")
	private List<String> focusProblems(WebDriver browser) {
		List<String> problems = new ArrayList<>();
		String previous = null;
		int stops = 0;
		for (int i = 0; i < FOCUS_STEPS; i++) {
			new Actions(browser).sendKeys(Keys.TAB).perform();
			List<String> step = (List<String>) ((JavascriptExecutor) browser).executeScript(this.focusStep);
			if (step == null || step.get(0).equals(previous)) {
				break;
			}
			if (step.get(0).equals("terminal")) {
				// a terminal keeps Tab for the shell; Shift+Tab must lead out again
				new Actions(browser).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
				if (Boolean.TRUE.equals(((JavascriptExecutor) browser)
					.executeScript("return !!(document.activeElement && document.activeElement.closest('.xterm'))"))) {
					problems.add("<terminal>: keyboard trap, Shift+Tab does not leave it");
				}
				stops++;
				break;
			}
			stops++;
			previous = step.get(0);
			if (!step.get(1).isEmpty()) {
				problems.add("<" + step.get(0) + ">: " + step.get(1));
			}
		}
		if (stops < 2) {
			problems.add("page: the Tab key reached " + stops + " elements; a keyboard user cannot get around");
		}
		return problems;
	}

	private void signIn(WebDriver browser) {
		browser.manage().deleteAllCookies();
		browser.get(this.server.baseUrl() + "/login");
		browser.findElement(By.id("username")).sendKeys("admin");
		browser.findElement(By.id("password")).sendKeys(BulkheadServer.ADMIN_PASSWORD);
		browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.titleContains("Overview"));
	}

	private void screenshot(WebDriver browser, String name) throws IOException {
		if (!name.startsWith("phone-")) {
			return;
		}
		BrowserTest.screenshot(browser, name);
	}

	private static String resource(String name) throws IOException {
		try (InputStream in = DashboardAccessibilityIT.class.getResourceAsStream(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static void expect(Api.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
	}

}
