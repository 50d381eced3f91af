package dev.bulkhead.it.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.TestImages;

/**
 * How long the server takes to render the containers page for a signed-in person with 200
 * containers (created, not started): {@code GET /containers} and the rows fragment the
 * live list fetches, timed from the client over loopback. Prints medians and the 90th
 * percentile; asserts nothing.
 */
public final class DashboardBenchmark {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private DashboardBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int containers = (args.length > 0) ? Integer.parseInt(args[0]) : 200;
		int iterations = (args.length > 1) ? Integer.parseInt(args[1]) : 50;
		// A server that has been up a while has compiled its rendering paths; the first
		// requests after start run interpreted and would measure the JIT, not the page.
		int warmup = (args.length > 2) ? Integer.parseInt(args[2]) : 200;
		if (!HostState.canRunContainers()) {
			throw new IllegalStateException("the benchmark needs root with runc and conmon installed");
		}
		Path roots = Files.createTempDirectory("bulkhead-dashboard-bench-");
		// As in production: the JVM's default compilers and heap, not the tests'
		// quick-start
		// options.
		try (BulkheadServer server = new BulkheadServer(roots.resolve("data"), roots.resolve("run"))
			.withJvmOptions(List.of())
			.start()) {
			Api api = new Api(server.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			if (api.upload("/api/v1/images/load", TestImages.busyboxTar()).status() != 201) {
				throw new IllegalStateException("loading the test image failed");
			}
			for (int i = 0; i < containers; i++) {
				api.createWith("bench-" + i, "\"network\":\"none\",", "true");
			}
			HttpClient browser = HttpClient.newBuilder()
				.cookieHandler(new CookieManager())
				.followRedirects(HttpClient.Redirect.NORMAL)
				.build();
			signIn(browser, server.baseUrl());
			// Both URLs share most of their code: warm them up together, then time each
			// alone so its CPU time is its own.
			for (int i = 0; i < warmup; i++) {
				time(browser, server.baseUrl() + "/containers", 0, 1, containers);
				time(browser, server.baseUrl() + "/containers/rows", 0, 1, containers);
			}
			long cpuBefore = cpuNanos(server.pid());
			List<Double> page = time(browser, server.baseUrl() + "/containers", 0, iterations, containers);
			double pageCpu = (cpuNanos(server.pid()) - cpuBefore) / 1e6 / iterations;
			cpuBefore = cpuNanos(server.pid());
			List<Double> rows = time(browser, server.baseUrl() + "/containers/rows", 0, iterations, containers);
			double rowsCpu = (cpuNanos(server.pid()) - cpuBefore) / 1e6 / iterations;
			System.out.printf(
					"containers page with %d containers, %d runs each after %d warm-up rounds of both; load average %s%n",
					containers, iterations, warmup, Files.readString(Path.of("/proc/loadavg")).trim());
			report("GET /containers      ", page, pageCpu);
			report("GET /containers/rows ", rows, rowsCpu);
			for (int i = 0; i < containers; i++) {
				api.delete("/api/v1/containers/bench-" + i + "?force=true");
			}
		}
		finally {
			HostState.deleteRoots(roots);
		}
	}

	private static void signIn(HttpClient browser, String base) throws Exception {
		String login = browser
			.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher csrf = CSRF.matcher(login);
		if (!csrf.find()) {
			throw new IllegalStateException("no CSRF token on the login page");
		}
		String form = "username=admin&password="
				+ URLEncoder.encode(BulkheadServer.ADMIN_PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.discarding());
	}

	private static List<Double> time(HttpClient browser, String url, int warmup, int iterations, int containers)
			throws Exception {
		List<Double> millis = new ArrayList<>();
		for (int i = 0; i < warmup + iterations; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = browser.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			double elapsed = (System.nanoTime() - start) / 1e6;
			if (response.statusCode() != 200 || !response.body().contains("bench-" + (containers - 1))) {
				throw new IllegalStateException(
						url + " answered " + response.statusCode() + " without every container");
			}
			if (i >= warmup) {
				millis.add(elapsed);
			}
		}
		Collections.sort(millis);
		return millis;
	}

	/**
	 * Wall-clock figures depend on what else the machine runs; the server's CPU time per
	 * request (all its threads, garbage collection included) much less so.
	 */
	private static void report(String label, List<Double> sorted, double cpuMillisPerRequest) {
		System.out.printf("%s median %.1f ms, p90 %.1f ms, min %.1f ms; server CPU %.1f ms per request%n", label,
				sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1), sorted.get(0),
				cpuMillisPerRequest);
	}

	/** User + system time of a process, from /proc/<pid>/stat (clock ticks of 10 ms). */
	private static long cpuNanos(long pid) throws java.io.IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
	}

}
