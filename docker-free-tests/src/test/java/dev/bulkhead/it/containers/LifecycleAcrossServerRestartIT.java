package dev.bulkhead.it.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server stops while containers run; some of them exit while it is down. The new
 * server process records those exits, restarts what the restart policies say, keeps a
 * user's stop of an {@code unless-stopped} container, and goes on supervising.
 */
class LifecycleAcrossServerRestartIT {

	/** Waits for {@code /tmp/exit-now} in the container, then exits with the code. */
	private static String exitOnSignalFile(int code) {
		return "while [ ! -f /tmp/exit-now ]; do sleep 0.05; done; exit " + code;
	}

	@Test
	void exitsWhileTheServerIsDownAreRecordedAndRestartedByPolicy() throws IOException {
		Assumptions.assumeTrue(HostState.canRunContainers(), "needs root with runc and conmon installed");
		Path roots = Files.createTempDirectory("bulkhead-it-lifecycle-restart-");
		Path data = roots.resolve("data");
		Path run = roots.resolve("run");
		String steady;
		String exitsPlain;
		String exitsAlways;
		String stoppedUnless;
		String onFailure;
		int plainPid;
		int alwaysPid;
		try (BulkheadServer first = new BulkheadServer(data, run).start()) {
			Api api = new Api(first.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			assertThat(api.upload("/api/v1/images/load", TestImages.busyboxTar()).status()).isEqualTo(201);
			steady = api.createWith("steady", "\"network\":\"none\",", "sleep", "600");
			exitsPlain = api.createWith("exits-plain", "\"network\":\"none\",", "sh", "-c", exitOnSignalFile(5));
			exitsAlways = api.createWith("exits-always", "\"network\":\"none\",\"restartPolicy\":\"always\",", "sh",
					"-c", exitOnSignalFile(7));
			stoppedUnless = api.createWith("stopped-unless",
					"\"network\":\"none\",\"restartPolicy\":\"unless-stopped\",", "sleep", "600");
			onFailure = api.createWith("on-failure-once", "\"network\":\"none\",\"restartPolicy\":\"on-failure:1\",",
					"sh", "-c", "exit 9");
			for (String id : List.of(steady, exitsPlain, exitsAlways, stoppedUnless, onFailure)) {
				assertThat(api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
			}
			plainPid = api.get("/api/v1/containers/" + exitsPlain).json().get("pid").asInt();
			alwaysPid = api.get("/api/v1/containers/" + exitsAlways).json().get("pid").asInt();
			assertThat(
					api.post("/api/v1/containers/" + stoppedUnless + "/stop?timeout=1").json().get("state").asString())
				.isEqualTo("exited");
			awaitState(api, onFailure,
					(c) -> c.get("restartCount").asInt() == 1 && c.get("state").asString().equals("exited"),
					"on-failure:1 used up");
		}
		// While no server runs: two containers exit. Root reaches their /tmp through
		// /proc.
		Files.writeString(Path.of("/proc/" + plainPid + "/root/tmp/exit-now"), "");
		Files.writeString(Path.of("/proc/" + alwaysPid + "/root/tmp/exit-now"), "");
		waitUntilGone(plainPid);
		waitUntilGone(alwaysPid);

		try (BulkheadServer second = new BulkheadServer(data, run).start()) {
			Api api = new Api(second.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			assertThat(state(api, steady).get("state").asString()).isEqualTo("running");
			JsonNode plain = state(api, exitsPlain);
			assertThat(plain.get("state").asString()).isEqualTo("exited");
			assertThat(plain.get("exitCode").asInt()).isEqualTo(5);
			assertThat(plain.get("restartCount").asInt()).isZero();
			JsonNode always = awaitState(api, exitsAlways,
					(c) -> c.get("state").asString().equals("running") && c.get("restartCount").asInt() == 1,
					"the always container restarted at recovery");
			assertThat(always.get("pid").asInt()).isNotEqualTo(alwaysPid);
			JsonNode unless = state(api, stoppedUnless);
			assertThat(unless.get("state").asString()).as("unless-stopped remembers the stop").isEqualTo("exited");
			assertThat(unless.get("restartCount").asInt()).isZero();
			JsonNode failed = state(api, onFailure);
			assertThat(failed.get("state").asString()).isEqualTo("exited");
			assertThat(failed.get("restartCount").asInt()).as("the count survives the server restart").isEqualTo(1);

			// supervision goes on in the new process: the restarted container exits again
			int newPid = always.get("pid").asInt();
			Files.writeString(Path.of("/proc/" + newPid + "/root/tmp/exit-now"), "");
			awaitState(api, exitsAlways, (c) -> c.get("restartCount").asInt() == 2, "restarted by the new server");
			assertThat(api.post("/api/v1/containers/" + exitsAlways + "/stop?timeout=1").status()).isEqualTo(200);

			for (JsonNode container : api.get("/api/v1/containers").json()) {
				assertThat(api.delete("/api/v1/containers/" + container.get("id").asString() + "?force=true").status())
					.isEqualTo(204);
			}
		}
		List<String> ids = List.of(steady, exitsPlain, exitsAlways, stoppedUnless, onFailure);
		assertThat(HostState.mountsUnder(roots)).isEmpty();
		assertThat(HostState.runcContainers(run)).isEmpty();
		assertThat(HostState.conmonProcesses(run)).isEmpty();
		assertThat(HostState.cgroupsOf(ids)).isEmpty();
		HostState.deleteRoots(roots);
	}

	@Test
	void aRestartPendingWhenTheServerStopsIsMadeByTheNextServer() throws IOException {
		Assumptions.assumeTrue(HostState.canRunContainers(), "needs root with runc and conmon installed");
		Path roots = Files.createTempDirectory("bulkhead-it-lifecycle-backoff-");
		Path data = roots.resolve("data");
		Path run = roots.resolve("run");
		String crashing;
		int count;
		try (BulkheadServer first = new BulkheadServer(data, run).start()) {
			Api api = new Api(first.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			assertThat(api.upload("/api/v1/images/load", TestImages.busyboxTar()).status()).isEqualTo(201);
			crashing = api.createWith("crashing", "\"network\":\"none\",\"restartPolicy\":\"on-failure\",", "sh", "-c",
					"exit 2");
			assertThat(api.post("/api/v1/containers/" + crashing + "/start").status()).isEqualTo(200);
			// after five restarts the next back-off is 3.2 s: the server stops within it
			count = awaitState(api, crashing,
					(c) -> c.get("state").asString().equals("restarting") && c.get("restartCount").asInt() >= 5,
					"restarting after five restarts")
				.get("restartCount")
				.asInt();
		}
		try (BulkheadServer second = new BulkheadServer(data, run).start()) {
			Api api = new Api(second.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			JsonNode resumed = awaitState(api, crashing, (c) -> c.get("restartCount").asInt() > count,
					"the pending restart made by the new server");
			assertThat(resumed.get("lifecycle").get("restartPolicy").get("name").asString()).isEqualTo("on-failure");
			JsonNode stopped = api.post("/api/v1/containers/" + crashing + "/stop?timeout=1").json();
			assertThat(stopped.get("state").asString()).isEqualTo("exited");
			int after = stopped.get("restartCount").asInt();
			pause(1500);
			assertThat(state(api, crashing).get("state").asString()).as("the stop cancelled the restarts")
				.isEqualTo("exited");
			assertThat(state(api, crashing).get("restartCount").asInt()).isEqualTo(after);
			assertThat(api.delete("/api/v1/containers/" + crashing + "?force=true").status()).isEqualTo(204);
		}
		assertThat(HostState.mountsUnder(roots)).isEmpty();
		assertThat(HostState.runcContainers(run)).isEmpty();
		assertThat(HostState.conmonProcesses(run)).isEmpty();
		assertThat(HostState.cgroupsOf(List.of(crashing))).isEmpty();
		HostState.deleteRoots(roots);
	}

	private static JsonNode state(Api api, String id) {
		return api.get("/api/v1/containers/" + id).json();
	}

	private static JsonNode awaitState(Api api, String id, java.util.function.Predicate<JsonNode> condition,
			String what) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		JsonNode last = state(api, id);
		while (!condition.test(last)) {
			assertThat(System.nanoTime()).as(what + "; last seen: " + last).isLessThan(deadline);
			pause(100);
			last = state(api, id);
		}
		return last;
	}

	private static void waitUntilGone(int pid) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (Files.exists(Path.of("/proc/" + pid))) {
			assertThat(System.nanoTime()).as("process " + pid + " exits").isLessThan(deadline);
			pause(50);
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
