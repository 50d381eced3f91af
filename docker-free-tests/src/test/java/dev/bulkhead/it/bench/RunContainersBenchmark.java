package dev.bulkhead.it.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.TestImages;

/**
 * Measures bringing up many long-running containers: create + start of 100 containers
 * through the API, one after another and 10 at a time, against raw {@code runc run
 * --detach} of the same config.json over the same image in the same run; then the median
 * latency of the list endpoint while those 100 run. Prints medians; asserts nothing.
 */
public final class RunContainersBenchmark {

	private static final String NO_NETWORK = "\"network\":\"none\",";

	private RunContainersBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		int parallel = (args.length > 1) ? Integer.parseInt(args[1]) : 10;
		if (!HostState.canRunContainers()) {
			throw new IllegalStateException("the benchmark needs root with runc and conmon installed");
		}
		Path roots = Files.createTempDirectory("bulkhead-bench-many-");
		Path runcRoot = roots.resolve("floor-runc");
		try (BulkheadServer server = new BulkheadServer(roots.resolve("data"), roots.resolve("run")).start()) {
			Api api = new Api(server.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			check(api.upload("/api/v1/images/load", TestImages.busyboxTar()), 201);
			// warm-up: the first containers pay for class loading and JIT
			for (int i = 0; i < 5; i++) {
				String id = apiStart(api, "warm-" + i).id();
				check(api.delete("/api/v1/containers/" + id + "?force=true"), 204);
			}

			List<Timed> sequential = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				sequential.add(apiStart(api, "seq-" + i));
			}
			List<Double> listLatency = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				long start = System.nanoTime();
				Api.Response list = api.get("/api/v1/containers");
				listLatency.add((System.nanoTime() - start) / 1e6);
				check(list, 200);
				if (i == 0 && list.json().size() != count) {
					throw new IllegalStateException("expected " + count + " containers, listed " + list.json().size());
				}
			}
			String reference = sequential.get(0).id();
			Path bundleTemplate = roots.resolve("floor");
			Path rootfs = floorRootfs(server.dataRoot(), bundleTemplate);
			ObjectNode spec = (ObjectNode) Api.JSON.readTree(
					server.dataRoot().resolve("containers").resolve(reference).resolve("bundle/config.json").toFile());
			((ObjectNode) spec.get("root")).put("path", rootfs.toString());
			keepBoundFiles(spec, server.dataRoot().resolve("containers").resolve(reference), bundleTemplate);
			removeAll(api, sequential, parallel);

			long wall = System.nanoTime();
			List<Timed> concurrent = inParallel(parallel, count, (i) -> apiStart(api, "par-" + i));
			double apiWall = (System.nanoTime() - wall) / 1e6;
			removeAll(api, concurrent, parallel);

			List<Double> runcSequential = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				runcSequential.add(runcRunDetached(spec, bundleTemplate, runcRoot, "bh-floor-seq-" + i));
			}
			runcDeleteAll(runcRoot, parallel);
			wall = System.nanoTime();
			List<Double> runcParallel = inParallel(parallel, count,
					(i) -> runcRunDetached(spec, bundleTemplate, runcRoot, "bh-floor-par-" + i));
			double runcWall = (System.nanoTime() - wall) / 1e6;
			runcDeleteAll(runcRoot, parallel);

			double apiSeq = median(sequential.stream().map(Timed::millis).toList());
			double apiPar = median(concurrent.stream().map(Timed::millis).toList());
			double runcSeq = median(runcSequential);
			double runcPar = median(runcParallel);
			System.out.printf("%d long-running containers (sleep), no network, after 5 warm-ups%n", count);
			System.out.printf("one after another: API create+start median %6.1f ms, raw runc run -d %6.1f ms (%.2fx)%n",
					apiSeq, runcSeq, apiSeq / runcSeq);
			System.out.printf(
					"%d at a time:       API create+start median %6.1f ms, raw runc run -d %6.1f ms (%.2fx)%n",
					parallel, apiPar, runcPar, apiPar / runcPar);
			System.out.printf("%d at a time, all %d up after: API %.1f s (%.1f per second), raw runc %.1f s%n",
					parallel, count, apiWall / 1000, count / (apiWall / 1000), runcWall / 1000);
			System.out.printf("GET /api/v1/containers with %d running: median %.1f ms (min %.1f, max %.1f, 50 calls)%n",
					count, median(listLatency), Collections.min(listLatency), Collections.max(listLatency));
		}
		finally {
			runcDeleteAll(runcRoot, 1);
			if (HostState.mountsUnder(roots).isEmpty()) {
				HostState.deleteRoots(roots);
			}
		}
	}

	private record Timed(String id, double millis) {
	}

	private interface Task<T> {

		T run(int i) throws Exception;

	}

	private static Timed apiStart(Api api, String name) {
		long start = System.nanoTime();
		String id = api.createWith(name, NO_NETWORK, "sleep", "600");
		check(api.post("/api/v1/containers/" + id + "/start"), 200);
		return new Timed(id, (System.nanoTime() - start) / 1e6);
	}

	private static <T> List<T> inParallel(int threads, int count, Task<T> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int n = i;
				futures.add(pool.submit(() -> task.run(n)));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(5, TimeUnit.MINUTES));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void removeAll(Api api, List<Timed> containers, int threads) throws Exception {
		inParallel(threads, containers.size(), (i) -> {
			check(api.delete("/api/v1/containers/" + containers.get(i).id() + "?force=true"), 204);
			return null;
		});
	}

	/** The image's single layer unpacked once, shared read-only by the raw runc runs. */
	private static Path floorRootfs(Path dataRoot, Path bundle) throws Exception {
		Path rootfs = bundle.resolve("rootfs");
		Files.createDirectories(rootfs);
		JsonNode index = Api.JSON.readTree(dataRoot.resolve("images").resolve("index.json").toFile());
		String manifestDigest = index.get("references").get(TestImages.BUSYBOX).asString();
		JsonNode manifest = Api.JSON.readTree(blob(dataRoot, manifestDigest).toFile());
		for (JsonNode layer : manifest.get("layers")) {
			exec("tar", "-xzf", blob(dataRoot, layer.get("digest").asString()).toString(), "-C", rootfs.toString());
		}
		return rootfs;
	}

	/**
	 * Copies the files the spec binds from the reference container's directory (hosts,
	 * hostname, resolv.conf), which goes away with the container, and points the spec at
	 * the copies.
	 */
	private static void keepBoundFiles(ObjectNode spec, Path containerDir, Path into) throws Exception {
		for (JsonNode mount : spec.get("mounts")) {
			JsonNode source = mount.get("source");
			if (source != null && source.asString().startsWith(containerDir.toString())) {
				Path copy = into.resolve(Path.of(source.asString()).getFileName());
				Files.copy(Path.of(source.asString()), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
				((ObjectNode) mount).put("source", copy.toString());
			}
		}
	}

	private static Path blob(Path dataRoot, String digest) {
		return dataRoot.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
	}

	/**
	 * {@code runc run --detach} of Bulkhead's config.json with {@code sleep 600}, its own
	 * cgroup and no network namespace file; the files the spec binds (hosts, resolv.conf)
	 * are the reference container's, which are kept while the floor runs.
	 */
	private static double runcRunDetached(ObjectNode template, Path bundles, Path stateRoot, String id)
			throws Exception {
		ObjectNode spec = template.deepCopy();
		((ObjectNode) spec.get("linux")).put("cgroupsPath", "/bulkhead/" + id);
		ObjectNode process = (ObjectNode) spec.get("process");
		process.putArray("args").add("sleep").add("600");
		Path bundle = bundles.resolve(id);
		Files.createDirectories(bundle);
		Files.write(bundle.resolve("config.json"), Api.JSON.writeValueAsBytes(spec));
		long start = System.nanoTime();
		Process runc = new ProcessBuilder("runc", "--root", stateRoot.toString(), "run", "--detach", "--bundle",
				bundle.toString(), id)
			.redirectInput(new File("/dev/null"))
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		if (!runc.waitFor(30, TimeUnit.SECONDS) || runc.exitValue() != 0) {
			throw new IllegalStateException("runc run --detach failed for " + id);
		}
		return (System.nanoTime() - start) / 1e6;
	}

	private static void runcDeleteAll(Path stateRoot, int threads) throws Exception {
		if (!Files.isDirectory(stateRoot)) {
			return;
		}
		List<Path> states;
		try (var dirs = Files.list(stateRoot)) {
			states = dirs.filter(Files::isDirectory).toList();
		}
		inParallel(Math.max(1, threads), states.size(), (i) -> {
			exec("runc", "--root", stateRoot.toString(), "delete", "--force", states.get(i).getFileName().toString());
			return null;
		});
	}

	private static void exec(String... command) throws Exception {
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
