package dev.bulkhead.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of tests that drive one real server: it starts the jar with fresh roots, loads the
 * busybox test image, and afterwards removes every container, stops the server and proves
 * that nothing is left in the kernel or the process table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PlatformTest {

	protected Path roots;

	protected BulkheadServer server;

	protected Api api;

	@BeforeAll
	void startServer() throws IOException {
		Assumptions.assumeTrue(HostState.canRunContainers(),
				"needs root with runc and conmon installed (the CI script installs them)");
		this.roots = Files.createTempDirectory("bulkhead-it-");
		this.server = new BulkheadServer(this.roots.resolve("data"), this.roots.resolve("run"))
			.withArguments(serverArguments())
			.start();
		this.api = new Api(this.server.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
		Api.Response loaded = this.api.upload("/api/v1/images/load", TestImages.busyboxTar());
		assertThat(loaded.status()).as(loaded.body()).isEqualTo(201);
	}

	/**
	 * Extra {@code --name=value} properties for the server; none unless a test needs
	 * them.
	 */
	protected List<String> serverArguments() {
		return List.of();
	}

	@AfterAll
	void stopServerAndCheckForLeaks() {
		if (this.server == null) {
			return;
		}
		try {
			for (JsonNode container : this.api.get("/api/v1/containers").json()) {
				this.api.delete("/api/v1/containers/" + container.get("id").asString() + "?force=true");
			}
			for (JsonNode network : this.api.get("/api/v1/networks").json()) {
				this.api.delete("/api/v1/networks/" + network.get("name").asString());
			}
		}
		finally {
			this.server.stop();
		}
		try {
			assertThat(HostState.mountsUnder(this.roots)).as("mounts left behind").isEmpty();
			assertThat(HostState.runcContainers(this.server.runRoot())).as("runc containers left behind").isEmpty();
			assertThat(HostState.conmonProcesses(this.server.runRoot())).as("conmon processes left behind").isEmpty();
			assertThat(HostState.cgroupsOf(Api.CREATED)).as("cgroups left behind").isEmpty();
		}
		finally {
			if (HostState.mountsUnder(this.roots).isEmpty()) {
				HostState.deleteRoots(this.roots);
			}
		}
	}

	protected static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UncheckedIOException(new IOException(ex));
		}
	}

}
