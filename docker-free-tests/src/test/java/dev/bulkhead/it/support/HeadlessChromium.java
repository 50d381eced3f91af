package dev.bulkhead.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: the one browser set
 * up the same way for every dashboard test.
 */
public final class HeadlessChromium {

	/** The narrowest window Chromium draws; narrower sizes are emulated. */
	public static final int NARROWEST_WINDOW = 500;

	private HeadlessChromium() {
	}

	/**
	 * Starts a browser with its own profile under {@code profileParent} (a test's temp
	 * dir, so nothing is left elsewhere). Below {@value #NARROWEST_WINDOW} px the page is
	 * shown as a phone shows it: exactly {@code width} x {@code height} CSS pixels, touch
	 * layout, overlay scroll bars.
	 */
	public static WebDriver start(Path profileParent, int width, int height) throws IOException {
		Path profile = Files.createTempDirectory(profileParent, "chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=" + width + "," + height, "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		ChromeDriver browser = new ChromeDriver(service, options);
		if (width < NARROWEST_WINDOW) {
			// Chromium will not make a window narrower than about 500 px, so a phone's
			// viewport is emulated; the override holds for every page this tab loads.
			browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
					Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
		}
		return browser;
	}

}
