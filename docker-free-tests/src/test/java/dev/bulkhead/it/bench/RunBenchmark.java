package dev.bulkhead.it.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.TestImages;

/**
 * Measures what a user waits for when running {@code true}: create + start + wait through
 * the REST API, against the floor of raw {@code runc run} of an equivalent bundle (the
 * same config.json Bulkhead wrote, on a copy of the same image), measured in the same
 * run. Prints medians and their ratio; asserts nothing.
 */
public final class RunBenchmark {

	/**
	 * Raw runc of the bundle has no network, so the API path is measured without one too;
	 * the cost of bridge networking is measured on its own.
	 */
	private static final String NO_NETWORK = "\"network\":\"none\",";

	private RunBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int iterations = (args.length > 0) ? Integer.parseInt(args[0]) : 30;
		int warmup = 5;
		if (!HostState.canRunContainers()) {
			throw new IllegalStateException("the benchmark needs root with runc and conmon installed");
		}
		Path roots = Files.createTempDirectory("bulkhead-bench-");
		try (BulkheadServer server = new BulkheadServer(roots.resolve("data"), roots.resolve("run")).start()) {
			Api api = new Api(server.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			check(api.upload("/api/v1/images/load", TestImages.busyboxTar()), 201);

			List<Double> viaApi = apiRuns(api, NO_NETWORK, warmup, iterations);
			List<Double> viaApiBridge = apiRuns(api, "", warmup, iterations);
			check(api.delete("/api/v1/networks/bulkhead"), 204);

			String reference = api.createWith("bench-floor", NO_NETWORK, "true");
			check(api.post("/api/v1/containers/" + reference + "/start"), 200);
			api.await(reference);
			Path bundle = floorBundle(server.dataRoot(), reference, roots.resolve("floor"));
			List<Double> rawRunc = new ArrayList<>();
			for (int i = 0; i < warmup + iterations; i++) {
				double millis = runcRun(bundle, roots.resolve("floor-runc"), "bulkhead-bench-floor-" + i, i);
				if (i >= warmup) {
					rawRunc.add(millis);
				}
			}
			check(api.delete("/api/v1/containers/" + reference), 204);

			double api50 = median(viaApi);
			double runc50 = median(rawRunc);
			System.out.printf("iterations: %d (after %d warm-up runs each)%n", iterations, warmup);
			System.out.printf("raw runc run of true:                 median %7.1f ms  (min %.1f, max %.1f)%n", runc50,
					Collections.min(rawRunc), Collections.max(rawRunc));
			System.out.printf("API create + start + wait of true:    median %7.1f ms  (min %.1f, max %.1f)%n", api50,
					Collections.min(viaApi), Collections.max(viaApi));
			System.out.printf("ratio API / raw runc:                 %.2fx%n", api50 / runc50);
			System.out.printf("the same on the default bridge network: median %7.1f ms (networking adds %.1f ms)%n",
					median(viaApiBridge), median(viaApiBridge) - api50);
		}
		finally {
			if (HostState.mountsUnder(roots).isEmpty()) {
				HostState.deleteRoots(roots);
			}
		}
	}

	/** Create + start + wait of {@code true} through the API; the delete is not timed. */
	private static List<Double> apiRuns(Api api, String extraFields, int warmup, int iterations) {
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < warmup + iterations; i++) {
			long start = System.nanoTime();
			String id = api.createWith("bench-" + i, extraFields, "true");
			check(api.post("/api/v1/containers/" + id + "/start"), 200);
			JsonNode exit = api.await(id);
			double millis = (System.nanoTime() - start) / 1e6;
			if (exit.get("exitCode").asInt() != 0) {
				throw new IllegalStateException("the container did not exit 0: " + exit);
			}
			check(api.delete("/api/v1/containers/" + id), 204);
			if (i >= warmup) {
				times.add(millis);
			}
		}
		return times;
	}

	/**
	 * A bundle for raw runc: Bulkhead's own config.json for the reference container, over
	 * a plain copy of the image's single layer.
	 */
	private static Path floorBundle(Path dataRoot, String containerId, Path bundle) throws Exception {
		Path containerDir = dataRoot.resolve("containers").resolve(containerId);
		Path rootfs = bundle.resolve("rootfs");
		Files.createDirectories(rootfs);
		JsonNode container = Api.JSON.readTree(containerDir.resolve("container.json").toFile());
		JsonNode image = Api.JSON.readTree(dataRoot.resolve("images").resolve("index.json").toFile());
		String manifestDigest = image.get("references").get(TestImages.BUSYBOX).asString();
		JsonNode manifest = Api.JSON.readTree(blob(dataRoot, manifestDigest).toFile());
		for (JsonNode layer : manifest.get("layers")) {
			exec("tar", "-xzf", blob(dataRoot, layer.get("digest").asString()).toString(), "-C", rootfs.toString());
		}
		ObjectNode config = (ObjectNode) Api.JSON.readTree(containerDir.resolve("bundle/config.json").toFile());
		((ObjectNode) config.get("root")).put("path", rootfs.toString());
		Files.write(bundle.resolve("config.json"), Api.JSON.writeValueAsBytes(config));
		if (container.get("id") == null) {
			throw new IllegalStateException("unreadable container record");
		}
		return bundle;
	}

	private static Path blob(Path dataRoot, String digest) {
		return dataRoot.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
	}

	private static double runcRun(Path bundle, Path stateRoot, String id, int i) throws Exception {
		Path config = bundle.resolve("config.json");
		ObjectNode spec = (ObjectNode) Api.JSON.readTree(config.toFile());
		((ObjectNode) spec.get("linux")).put("cgroupsPath", "/bulkhead/" + id);
		Files.write(config, Api.JSON.writeValueAsBytes(spec));
		long start = System.nanoTime();
		Process process = new ProcessBuilder("runc", "--root", stateRoot.toString(), "run", "--bundle",
				bundle.toString(), id)
			.redirectInput(new File("/dev/null"))
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("runc run failed in iteration " + i);
		}
		return (System.nanoTime() - start) / 1e6;
	}

	private static void exec(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).inheritIO().start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed");
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private static void check(Api.Response response, int status) {
		if (response.status() != status) {
			throw new IllegalStateException("expected " + status + " but got " + response);
		}
	}

}
