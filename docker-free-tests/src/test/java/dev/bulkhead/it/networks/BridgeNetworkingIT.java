package dev.bulkhead.it.networks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bridge networking made with the CNI plugins: published ports answer on 127.0.0.1 and
 * the container's own address, taken host ports are refused naming the holder, containers
 * on one network reach each other, {@code none} keeps only loopback, and removing
 * everything leaves no trace in the kernel.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeNetworkingIT extends PlatformTest {

	private static final String HTTPD = "echo hello-from-$(hostname) > /tmp/index.html; httpd -f -p 8080 -h /tmp";

	@Override
	protected List<String> serverArguments() {
		// a default subnet of this test's own: another server's default network on the
		// host cannot take the same block at the same moment
		return List.of("--bulkhead.networks.default-subnet=10.231.6.0/24");
	}

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final List<String> ids = new ArrayList<>();

	private String create(String body) {
		Api.Response created = this.api.post("/api/v1/containers", body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Api.CREATED.add(id);
		this.ids.add(id);
		return id;
	}

	private JsonNode start(String id) {
		Api.Response started = this.api.post("/api/v1/containers/" + id + "/start");
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		return started.json();
	}

	private String httpdBody(String name, String ports, String network) {
		return "{\"name\":\"" + name + "\",\"image\":\"" + TestImages.BUSYBOX + "\",\"command\":[\"sh\",\"-c\","
				+ Api.JSON.writeValueAsString(HTTPD) + "]" + ((ports != null) ? ",\"ports\":" + ports : "")
				+ ((network != null) ? ",\"network\":\"" + network + "\"" : "") + "}";
	}

	private String get(String url) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		IOException last = null;
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<String> response = this.http.send(
						HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
						HttpResponse.BodyHandlers.ofString());
				return response.body();
			}
			catch (IOException ex) {
				last = ex;
				sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new AssertionError("no answer from " + url, last);
	}

	@Test
	@Order(1)
	void publishedPortAnswersOnLoopbackAndOnTheContainersAddress() {
		int hostPort = freePort();
		String id = create(httpdBody("web", "[\"127.0.0.1:" + hostPort + ":8080/tcp\"]", null));
		JsonNode started = start(id);
		JsonNode settings = started.get("networkSettings");
		assertThat(started.get("network").asString()).isEqualTo("bulkhead");
		String ip = settings.get("ipAddress").asString();
		JsonNode network = this.api.get("/api/v1/networks/bulkhead").json();
		String prefix = network.get("subnet").asString().replaceAll("\\.0/24$", ".");
		assertThat(ip).startsWith(prefix);
		assertThat(settings.get("gateway").asString()).isEqualTo(network.get("gateway").asString());
		assertThat(network.get("containers").findValuesAsString("ipAddress")).containsExactly(ip);
		assertThat(settings.get("macAddress").asString()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
		String hostname = id.substring(0, 12);
		assertThat(get("http://127.0.0.1:" + hostPort + "/")).isEqualTo("hello-from-" + hostname + "\n");
		assertThat(get("http://" + ip + ":8080/")).isEqualTo("hello-from-" + hostname + "\n");
	}

	@Test
	@Order(2)
	void hostPortHeldByAProcessIsRefusedNamingThatProcess() throws IOException {
		try (ServerSocket held = new ServerSocket()) {
			held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			int port = held.getLocalPort();
			Api.Response refused = this.api.post("/api/v1/containers",
					httpdBody("clash", "[\"" + port + ":8080\"]", null));
			assertThat(refused.status()).as(refused.body()).isEqualTo(409);
			assertThat(refused.body()).contains(
					"host port " + port + "/tcp is already in use by pid " + ProcessHandle.current().pid() + " (");
			assertThat(refused.body()).contains("java");
		}
		assertThat(this.api.get("/api/v1/containers/clash").status()).isEqualTo(404);
	}

	@Test
	@Order(3)
	void badPortEntryIsRefusedNamingIt() {
		Api.Response refused = this.api.post("/api/v1/containers",
				httpdBody("bad", "[\"8080:80\", \"99999:80\"]", null));
		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.body()).contains("ports[1]").contains("99999");
	}

	@Test
	@Order(4)
	void randomHostPortIsChosenAndReported() {
		String id = create(httpdBody("random", "[{\"containerPort\":8080,\"hostIp\":\"127.0.0.1\"}]", null));
		JsonNode started = start(id);
		JsonNode port = started.get("ports").get(0);
		int hostPort = port.get("hostPort").asInt();
		assertThat(hostPort).isPositive();
		assertThat(this.api.get("/api/v1/containers/" + id).json().get("ports").get(0).get("hostPort").asInt())
			.isEqualTo(hostPort);
		assertThat(get("http://127.0.0.1:" + hostPort + "/")).startsWith("hello-from-");
	}

	@Test
	@Order(5)
	void containersOnOneNetworkReachEachOtherByAddress() {
		Api.Response network = this.api.post("/api/v1/networks",
				"{\"name\":\"backend\",\"subnet\":\"10.231.7.0/24\",\"mtu\":1400}");
		assertThat(network.status()).as(network.body()).isEqualTo(201);
		assertThat(network.json().get("bridge").asString()).startsWith("bh-").hasSizeLessThanOrEqualTo(15);
		String server = create(httpdBody("server", null, "backend"));
		String serverIp = start(server).get("networkSettings").get("ipAddress").asString();
		assertThat(serverIp).startsWith("10.231.7.");
		String client = create("{\"name\":\"client\",\"image\":\"" + TestImages.BUSYBOX + "\",\"network\":\"backend\","
				+ "\"command\":[\"sh\",\"-c\",\"for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://" + serverIp
				+ ":8080/ && break; sleep 0.3; done; cat /sys/class/net/eth0/mtu\"]}");
		start(client);
		assertThat(this.api.await(client).get("exitCode").asInt()).isZero();
		assertThat(this.api.get("/api/v1/containers/" + client + "/logs").body())
			.isEqualTo("hello-from-" + server.substring(0, 12) + "\n1400\n");
		Api.Response inUse = this.api.delete("/api/v1/networks/backend");
		assertThat(inUse.status()).as(inUse.body()).isEqualTo(409);
		assertThat(inUse.body()).contains("server");
	}

	@Test
	@Order(6)
	void networkNoneHasOnlyLoopback() {
		String id = create("{\"name\":\"isolated\",\"image\":\"" + TestImages.BUSYBOX + "\",\"network\":\"none\","
				+ "\"command\":[\"ls\",\"/sys/class/net\"]}");
		start(id);
		assertThat(this.api.await(id).get("exitCode").asInt()).isZero();
		assertThat(this.api.get("/api/v1/containers/" + id + "/logs").body()).isEqualTo("lo\n");
		assertThat(this.api.get("/api/v1/containers/" + id).json().get("network").asString()).isEqualTo("none");
	}

	@Test
	@Order(6)
	void containerSeesTheHostsResolverConfiguration() throws IOException {
		String host = Files.readString(Path.of("/etc/resolv.conf"));
		Assumptions.assumeFalse(host.contains("nameserver 127."),
				"the host uses a loopback resolver, which the container gets replaced (see ResolvConfTest)");
		String id = create("{\"name\":\"resolver\",\"image\":\"" + TestImages.BUSYBOX
				+ "\",\"command\":[\"cat\",\"/etc/resolv.conf\"]}");
		start(id);
		assertThat(this.api.await(id).get("exitCode").asInt()).isZero();
		assertThat(this.api.get("/api/v1/containers/" + id + "/logs").body())
			.isEqualTo(host.endsWith("\n") ? host : host + "\n");
	}

	@Test
	@Order(7)
	void nothingIsLeftAfterContainersAndNetworksAreRemoved() throws IOException {
		List<String> bridges = new ArrayList<>();
		for (JsonNode network : this.api.get("/api/v1/networks").json()) {
			bridges.add(network.get("bridge").asString());
		}
		assertThat(bridges).isNotEmpty();
		List<String> veths = new ArrayList<>();
		for (String bridge : bridges) {
			run("ip", "-o", "link", "show", "master", bridge).lines()
				.map((line) -> line.split(":")[1].trim().split("@")[0])
				.forEach(veths::add);
		}
		assertThat(veths).as("veths of running containers").isNotEmpty();
		// The plugins name per-container chains after a hash of network and container id
		// (other servers on the host have their own, so only this test's are looked for).
		List<String> chains = new ArrayList<>();
		for (String id : this.ids) {
			for (String network : List.of("bulkhead", "backend")) {
				String hash = sha512Hex(network + id);
				chains.add(":CNI-" + hash.substring(0, 24) + " ");
				chains.add(":CNI-DN-" + hash.substring(0, 21) + " ");
			}
		}
		assertThat(run("iptables-save").lines().filter((l) -> chains.stream().anyMatch(l::startsWith)))
			.as("per-container chains while containers run (named as the plugins name them)")
			.isNotEmpty();
		assertThat(run("iptables-save")).as("rules while containers run").contains(this.ids.get(0));
		for (String id : this.ids) {
			assertThat(this.api.delete("/api/v1/containers/" + id + "?force=true").status()).isEqualTo(204);
		}
		for (JsonNode network : this.api.get("/api/v1/networks").json()) {
			Api.Response removed = this.api.delete("/api/v1/networks/" + network.get("name").asString());
			assertThat(removed.status()).as(removed.body()).isEqualTo(204);
		}
		String links = run("ip", "-o", "link", "show");
		for (String bridge : bridges) {
			assertThat(links).as("bridge left behind").doesNotContain(bridge);
		}
		for (String veth : veths) {
			assertThat(links).as("veth left behind").doesNotContain(veth + "@");
		}
		Path run = this.server.runRoot();
		assertThat(filesUnder(run.resolve("netns"))).as("network namespace files").isEmpty();
		assertThat(filesUnder(run.resolve("cni/ipam")).stream()
			.filter((f) -> f.getFileName().toString().matches("[0-9.]+|[0-9a-f:]+"))
			.toList()).as("address leases").isEmpty();
		String rules = run("iptables-save");
		for (String id : this.ids) {
			assertThat(rules).as("rules for container " + id).doesNotContain(id);
		}
		assertThat(rules).doesNotContain("10.231.7.");
		assertThat(rules.lines().filter((l) -> chains.stream().anyMatch(l::startsWith))).as("per-container CNI chains")
			.isEmpty();
	}

	private static String sha512Hex(String text) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-512")
					.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<Path> filesUnder(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile).toList();
		}
	}

	private static String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes());
			process.waitFor();
			return out;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
