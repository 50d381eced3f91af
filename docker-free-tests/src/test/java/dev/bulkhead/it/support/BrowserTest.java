package dev.bulkhead.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Base of tests that drive one real server through the dashboard in one headless Chromium
 * for the whole class. The browser starts after the server (the superclass's
 * {@code @BeforeAll} runs first) and quits before it stops. A wait that runs out leaves a
 * screenshot and the page source in {@link #SCREENSHOTS}, so a failure in CI can be seen,
 * not guessed.
 */
public abstract class BrowserTest extends PlatformTest {

	/** Where every browser test saves its screenshots; README and docs link them. */
	public static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private final int width;

	private final int height;

	private final Duration timeout;

	protected WebDriver browser;

	protected WebDriverWait wait;

	/** A laptop-sized window, 1280 x 900, and waits of 20 seconds. */
	protected BrowserTest() {
		this(1280, 900);
	}

	protected BrowserTest(int width, int height) {
		this(width, height, Duration.ofSeconds(20));
	}

	protected BrowserTest(int width, int height, Duration timeout) {
		this.width = width;
		this.height = height;
		this.timeout = timeout;
	}

	/**
	 * Skips the calling test where Debian's Chromium or its driver is missing; call it
	 * early to avoid starting anything else for nothing.
	 */
	public static void assumeChromium() {
		Assumptions.assumeTrue(
				Files.isExecutable(Path.of("/usr/bin/chromium"))
						&& Files.isExecutable(Path.of("/usr/bin/chromedriver")),
				"needs Debian's chromium and chromium-driver (the CI script installs them)");
	}

	@BeforeAll
	void startBrowserForTheClass() throws IOException {
		assumeChromium();
		Files.createDirectories(SCREENSHOTS);
		this.browser = HeadlessChromium.start(this.roots, this.width, this.height);
		this.wait = new WebDriverWait(this.browser, this.timeout);
		// Lists and tabs refresh themselves through htmx; a node read while htmx
		// replaces it is simply read again on the next poll.
		this.wait.ignoring(WebDriverException.class);
	}

	@AfterAll
	void quitBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	/**
	 * Waits for a condition; when the wait runs out, saves what the browser showed as
	 * {@code failed-<test class>-<millis>.png} and {@code .html} before rethrowing.
	 */
	protected <T> T until(ExpectedCondition<T> condition) {
		try {
			return this.wait.until(condition);
		}
		catch (TimeoutException ex) {
			String name = "failed-" + getClass().getSimpleName() + "-" + System.currentTimeMillis();
			try {
				screenshot(name);
				Files.writeString(SCREENSHOTS.resolve(name + ".html"), this.browser.getPageSource());
			}
			catch (IOException | WebDriverException notSaved) {
				ex.addSuppressed(notSaved);
			}
			throw ex;
		}
	}

	/** Saves what the browser shows now as {@code target/screenshots/<name>.png}. */
	protected void screenshot(String name) throws IOException {
		screenshot(this.browser, name);
	}

	/** Saves what a browser shows now as {@code target/screenshots/<name>.png}. */
	public static void screenshot(WebDriver browser, String name) throws IOException {
		Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
	}

	/** Runs a script in the page and answers what it returns. */
	protected Object script(String source, Object... arguments) {
		return ((JavascriptExecutor) this.browser).executeScript(source, arguments);
	}

	/**
	 * Signs in through the form a person uses, from a fresh session: opens {@code path},
	 * which the server answers with its sign-in form, and waits for the page whose title
	 * contains {@code expectedTitle}.
	 */
	protected void signIn(String username, String password, String path, String expectedTitle) {
		openSignInForm(path);
		submitSignInForm(username, password);
		until(ExpectedConditions.titleContains(expectedTitle));
	}

	/** Signs in and lands on the containers list. */
	protected void signIn(String username, String password) {
		signIn(username, password, "/containers", "Containers");
	}

	/** Drops the session and opens {@code path}, waiting for the sign-in form. */
	protected void openSignInForm(String path) {
		this.browser.manage().deleteAllCookies();
		this.browser.get(this.server.baseUrl() + path);
		until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
	}

	/** Types into the sign-in form on the page and submits it; waits for nothing. */
	protected void submitSignInForm(String username, String password) {
		this.browser.findElement(By.id("username")).sendKeys(username);
		this.browser.findElement(By.id("password")).sendKeys(password);
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
	}

}
