package dev.bulkhead.it.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Containers outlive the server: conmon keeps them, and a new server process finds them
 * from its state files and runc.
 */
class ServerRestartIT {

	@Test
	void runningContainerSurvivesAServerRestartAndIsManagedByTheNewProcess() throws IOException {
		Assumptions.assumeTrue(HostState.canRunContainers(), "needs root with runc and conmon installed");
		Path roots = Files.createTempDirectory("bulkhead-it-restart-");
		Path data = roots.resolve("data");
		Path run = roots.resolve("run");
		String id;
		try (BulkheadServer first = new BulkheadServer(data, run).start()) {
			Api api = new Api(first.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			assertThat(api.upload("/api/v1/images/load", TestImages.busyboxTar()).status()).isEqualTo(201);
			id = api.run("survivor", "sh", "-c",
					"echo before; trap 'echo stopping; exit 0' TERM; while true; do sleep 0.1; done");
		}
		assertThat(HostState.runcContainers(run)).as("still known to runc after the server stopped").contains(id);
		assertThat(HostState.conmonProcesses(run)).as("its conmon still runs").hasSize(1);

		try (BulkheadServer second = new BulkheadServer(data, run).start()) {
			Api api = new Api(second.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			JsonNode listed = api.get("/api/v1/containers/" + id).json();
			assertThat(listed.get("state").asString()).isEqualTo("running");
			assertThat(api.get("/api/v1/containers/" + id + "/logs").body()).contains("before");
			JsonNode stopped = api.post("/api/v1/containers/" + id + "/stop?timeout=10").json();
			assertThat(stopped.get("state").asString()).isEqualTo("exited");
			assertThat(stopped.get("exitCode").asInt()).isZero();
			assertThat(api.get("/api/v1/containers/" + id + "/logs").body()).contains("stopping");
			assertThat(api.delete("/api/v1/containers/" + id).status()).isEqualTo(204);
			// the default network's bridge would otherwise outlive the test
			assertThat(api.delete("/api/v1/networks/bulkhead").status()).isEqualTo(204);
		}
		assertThat(HostState.mountsUnder(roots)).isEmpty();
		assertThat(HostState.runcContainers(run)).isEmpty();
		assertThat(HostState.conmonProcesses(run)).isEmpty();
		assertThat(HostState.cgroupsOf(java.util.List.of(id))).isEmpty();
		HostState.deleteRoots(roots);
	}

}
