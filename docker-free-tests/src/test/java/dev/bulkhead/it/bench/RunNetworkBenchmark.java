package dev.bulkhead.it.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.TestImages;

/**
 * What networking adds to a start: create + start + wait of {@code true} through the REST
 * API with {@code "network": "none"} against the same on a user-defined bridge network
 * with one published port (random host port on 127.0.0.1), alternating run by run in the
 * same server so that both see the same machine. Prints medians and their difference;
 * asserts nothing.
 */
public final class RunNetworkBenchmark {

	private static final String SUBNET = "10.231.30.0/24";

	private RunNetworkBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int iterations = (args.length > 0) ? Integer.parseInt(args[0]) : 30;
		int warmup = 5;
		if (!HostState.canRunContainers()) {
			throw new IllegalStateException("the benchmark needs root with runc, conmon and the CNI plugins installed");
		}
		Path roots = Files.createTempDirectory("bulkhead-bench-net-");
		try (BulkheadServer server = new BulkheadServer(roots.resolve("data"), roots.resolve("run"))
			.withArguments(List.of("--bulkhead.networks.default-subnet=10.231.31.0/24"))
			.start()) {
			Api api = new Api(server.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			check(api.upload("/api/v1/images/load", TestImages.busyboxTar()), 201);
			check(api.post("/api/v1/networks", "{\"name\":\"bench-net\",\"subnet\":\"" + SUBNET + "\"}"), 201);
			List<Double> none = new ArrayList<>();
			List<Double> bridge = new ArrayList<>();
			List<Double> bridgeNoPorts = new ArrayList<>();
			for (int i = 0; i < warmup + iterations; i++) {
				double a = run(api, "none-" + i, "\"network\":\"none\",");
				double b = run(api, "bridge-" + i, "\"network\":\"bench-net\",\"ports\":[\"127.0.0.1::8080\"],");
				double c = run(api, "plain-" + i, "\"network\":\"bench-net\",");
				if (i >= warmup) {
					none.add(a);
					bridge.add(b);
					bridgeNoPorts.add(c);
				}
			}
			check(api.delete("/api/v1/networks/bench-net"), 204);
			System.out.printf("iterations: %d (after %d warm-up runs each, alternating)%n", iterations, warmup);
			System.out.printf("network none:                              median %7.1f ms  (min %.1f, max %.1f)%n",
					median(none), Collections.min(none), Collections.max(none));
			System.out.printf("user bridge network + one published port:  median %7.1f ms  (min %.1f, max %.1f)%n",
					median(bridge), Collections.min(bridge), Collections.max(bridge));
			System.out.printf("networking adds:                           %7.1f ms to create + start + wait%n",
					median(bridge) - median(none));
			System.out.printf("the same network without ports:            median %7.1f ms  (adds %.1f ms)%n",
					median(bridgeNoPorts), median(bridgeNoPorts) - median(none));
		}
		finally {
			if (HostState.mountsUnder(roots).isEmpty()) {
				HostState.deleteRoots(roots);
			}
		}
	}

	/** Create + start + wait of {@code true}; the delete is not timed. */
	private static double run(Api api, String name, String extraFields) {
		long start = System.nanoTime();
		String id = api.createWith(name, extraFields, "true");
		check(api.post("/api/v1/containers/" + id + "/start"), 200);
		JsonNode exit = api.await(id);
		double millis = (System.nanoTime() - start) / 1e6;
		if (exit.get("exitCode").asInt() != 0) {
			throw new IllegalStateException("the container did not exit 0: " + exit);
		}
		check(api.delete("/api/v1/containers/" + id), 204);
		return millis;
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
