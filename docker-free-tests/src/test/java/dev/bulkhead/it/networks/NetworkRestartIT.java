package dev.bulkhead.it.networks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Networking state is in files: a container keeps its address and published port across a
 * server restart, and the new server detaches it cleanly when it stops.
 */
class NetworkRestartIT {

	/**
	 * A default subnet of this test's own, so that a default network of another server on
	 * the host cannot take the same block at the same moment.
	 */
	private static final List<String> DEFAULT_SUBNET = List.of("--bulkhead.networks.default-subnet=10.231.247.0/24");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void publishedPortKeepsAnsweringAcrossAServerRestartAndIsReleasedAfterwards() throws Exception {
		Assumptions.assumeTrue(HostState.canRunContainers(), "needs root with runc and conmon installed");
		Path roots = Files.createTempDirectory("bulkhead-it-netrestart-");
		Path data = roots.resolve("data");
		Path run = roots.resolve("run");
		String id;
		int hostPort;
		String ip;
		try (BulkheadServer first = new BulkheadServer(data, run).withArguments(DEFAULT_SUBNET).start()) {
			Api api = new Api(first.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			assertThat(api.upload("/api/v1/images/load", TestImages.busyboxTar()).status()).isEqualTo(201);
			Api.Response created = api.post("/api/v1/containers",
					"{\"name\":\"web\",\"image\":\"" + TestImages.BUSYBOX
							+ "\",\"ports\":[\"127.0.0.1::8080\"],\"command\":[\"sh\",\"-c\","
							+ "\"echo up > /tmp/index.html; httpd -f -p 8080 -h /tmp\"]}");
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			id = created.json().get("id").asString();
			Api.CREATED.add(id);
			JsonNode started = api.post("/api/v1/containers/" + id + "/start").json();
			hostPort = started.get("ports").get(0).get("hostPort").asInt();
			ip = started.get("networkSettings").get("ipAddress").asString();
			assertThat(get("http://127.0.0.1:" + hostPort + "/")).isEqualTo("up\n");
		}
		assertThat(get("http://127.0.0.1:" + hostPort + "/")).as("answers while no server runs").isEqualTo("up\n");
		try (BulkheadServer second = new BulkheadServer(data, run).withArguments(DEFAULT_SUBNET).start()) {
			Api api = new Api(second.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			JsonNode inspect = api.get("/api/v1/containers/" + id).json();
			assertThat(inspect.get("state").asString()).isEqualTo("running");
			assertThat(inspect.get("ports").get(0).get("hostPort").asInt()).isEqualTo(hostPort);
			assertThat(inspect.get("networkSettings").get("ipAddress").asString()).isEqualTo(ip);
			assertThat(get("http://" + ip + ":8080/")).isEqualTo("up\n");
			assertThat(api.post("/api/v1/containers/" + id + "/stop?timeout=2").status()).isEqualTo(200);
			// Cleanup follows the recorded exit under the container's lock, so it is done
			// by
			// the time a removal gets through.
			assertThat(api.delete("/api/v1/containers/" + id).status()).isEqualTo(204);
			assertThat(Files.exists(run.resolve("netns").resolve(id))).as("namespace file after removal").isFalse();
			assertThat(Files.exists(run.resolve("cni/ipam/bulkhead").resolve(ip))).as("address lease").isFalse();
			assertThat(api.delete("/api/v1/networks/bulkhead").status()).isEqualTo(204);
		}
		assertThat(HostState.mountsUnder(roots)).isEmpty();
		assertThat(HostState.runcContainers(run)).isEmpty();
		assertThat(HostState.conmonProcesses(run)).isEmpty();
		Process save = new ProcessBuilder("iptables-save").redirectErrorStream(true).start();
		String rules = new String(save.getInputStream().readAllBytes());
		save.waitFor();
		assertThat(rules).doesNotContain(id);
		HostState.deleteRoots(roots);
	}

	@Test
	void namesOnAUserNetworkResolveAgainAfterAServerRestart() throws Exception {
		Assumptions.assumeTrue(HostState.canRunContainers(), "needs root with runc and conmon installed");
		Path roots = Files.createTempDirectory("bulkhead-it-dnsrestart-");
		Path data = roots.resolve("data");
		Path run = roots.resolve("run");
		try (BulkheadServer first = new BulkheadServer(data, run).withArguments(DEFAULT_SUBNET).start()) {
			Api api = new Api(first.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			assertThat(api.upload("/api/v1/images/load", TestImages.busyboxTar()).status()).isEqualTo(201);
			Api.Response network = api.post("/api/v1/networks", "{\"name\":\"kept\",\"subnet\":\"10.231.18.0/24\"}");
			assertThat(network.status()).as(network.body()).isEqualTo(201);
			String web = api.createWith("web", "\"network\":\"kept\",", "sh", "-c",
					"echo kept > /tmp/index.html; httpd -f -p 8080 -h /tmp");
			Api.CREATED.add(web);
			assertThat(api.post("/api/v1/containers/" + web + "/start").status()).isEqualTo(200);
			assertThat(api.post("/api/v1/networks", "{\"name\":\"kept2\",\"subnet\":\"10.231.19.0/24\"}").status())
				.isEqualTo(201);
			Api.Response connected = api.post("/api/v1/networks/kept2/connect",
					"{\"container\":\"web\",\"aliases\":[\"web-two\"]}");
			assertThat(connected.status()).as(connected.body()).isEqualTo(200);
		}
		try (BulkheadServer second = new BulkheadServer(data, run).withArguments(DEFAULT_SUBNET).start()) {
			Api api = new Api(second.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			String client = api.createWith("client", "\"network\":\"kept\",", "sh", "-c",
					"for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://web:8080/ && break; sleep 0.3; done");
			Api.CREATED.add(client);
			assertThat(api.post("/api/v1/containers/" + client + "/start").status()).isEqualTo(200);
			JsonNode exited = api.await(client);
			String logs = api.get("/api/v1/containers/" + client + "/logs").body();
			assertThat(exited.get("exitCode").asInt()).as(logs).isZero();
			assertThat(logs).isEqualTo("kept\n");
			String other = api.createWith("client2", "\"network\":\"kept2\",", "sh", "-c",
					"for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://web-two:8080/ && break; sleep 0.3; done");
			Api.CREATED.add(other);
			assertThat(api.post("/api/v1/containers/" + other + "/start").status()).isEqualTo(200);
			api.await(other);
			assertThat(api.get("/api/v1/containers/" + other + "/logs").body())
				.as("the alias of a connection made before the restart")
				.isEqualTo("kept\n");
			for (String id : new String[] { client, other, "web" }) {
				assertThat(api.delete("/api/v1/containers/" + id + "?force=true").status()).isEqualTo(204);
			}
			assertThat(api.delete("/api/v1/networks/kept").status()).isEqualTo(204);
			assertThat(api.delete("/api/v1/networks/kept2").status()).isEqualTo(204);
		}
		assertThat(HostState.mountsUnder(roots)).isEmpty();
		assertThat(HostState.conmonProcesses(run)).isEmpty();
		HostState.deleteRoots(roots);
	}

	private String get(String url) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		IOException last = null;
		while (System.nanoTime() < deadline) {
			try {
				return this.http
					.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
							HttpResponse.BodyHandlers.ofString())
					.body();
			}
			catch (IOException ex) {
				last = ex;
				Thread.sleep(100);
			}
		}
		throw new AssertionError("no answer from " + url, last);
	}

}
