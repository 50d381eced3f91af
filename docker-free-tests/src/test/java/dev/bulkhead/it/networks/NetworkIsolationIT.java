package dev.bulkhead.it.networks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Isolation between networks: a container on one user network cannot reach a container on
 * another, an internal network has no route out (a namespace the test makes outside every
 * network answers a container on a normal network, not one on the internal network), and
 * removing every container and network leaves no bridge, veth, namespace file, iptables
 * rule or address lease behind.
 */
class NetworkIsolationIT extends PlatformTest {

	private static final String OUTSIDE_NS = "bhit-outside-" + ProcessHandle.current().pid();

	private static final String OUTSIDE_VETH = "bhito" + (ProcessHandle.current().pid() % 100000);

	private static final String OUTSIDE_HOST_IP = "10.231.24.1";

	private static final String OUTSIDE_IP = "10.231.24.2";

	private final List<String> rulesBefore = new ArrayList<>();

	private Process outsideHttpd;

	private Path outsideRoot;

	@Override
	protected List<String> serverArguments() {
		return List.of("--bulkhead.networks.default-subnet=10.231.252.0/24");
	}

	@BeforeAll
	void outsideNamespace() throws IOException {
		this.rulesBefore.addAll(run("iptables-save").lines().filter((l) -> !l.startsWith("#")).toList());
		run("ip", "netns", "add", OUTSIDE_NS);
		run("ip", "link", "add", OUTSIDE_VETH, "type", "veth", "peer", "name", "eth0", "netns", OUTSIDE_NS);
		run("ip", "addr", "add", OUTSIDE_HOST_IP + "/30", "dev", OUTSIDE_VETH);
		run("ip", "link", "set", OUTSIDE_VETH, "up");
		run("ip", "netns", "exec", OUTSIDE_NS, "ip", "addr", "add", OUTSIDE_IP + "/30", "dev", "eth0");
		run("ip", "netns", "exec", OUTSIDE_NS, "ip", "link", "set", "eth0", "up");
		run("ip", "netns", "exec", OUTSIDE_NS, "ip", "link", "set", "lo", "up");
		this.outsideRoot = Files.createTempDirectory("bulkhead-it-outside-");
		Files.writeString(this.outsideRoot.resolve("index.html"), "outside\n");
		this.outsideHttpd = new ProcessBuilder("ip", "netns", "exec", OUTSIDE_NS, "busybox", "httpd", "-f", "-p",
				OUTSIDE_IP + ":8080", "-h", this.outsideRoot.toString())
			.redirectErrorStream(true)
			.start();
	}

	@AfterAll
	void removeOutsideNamespace() throws IOException {
		if (this.outsideHttpd != null) {
			this.outsideHttpd.destroyForcibly();
			try {
				this.outsideHttpd.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		run("ip", "link", "delete", OUTSIDE_VETH);
		run("ip", "netns", "delete", OUTSIDE_NS);
		if (this.outsideRoot != null) {
			Files.deleteIfExists(this.outsideRoot.resolve("index.html"));
			Files.deleteIfExists(this.outsideRoot);
		}
	}

	private String network(String name, String subnet, boolean internal) {
		Api.Response created = this.api.post("/api/v1/networks",
				"{\"name\":\"" + name + "\",\"subnet\":\"" + subnet + "\",\"internal\":" + internal + "}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("bridge").asString();
	}

	private String start(String name, String network, String script) {
		Api.Response created = this.api.post("/api/v1/containers",
				"{\"name\":\"" + name + "\",\"image\":\"" + TestImages.BUSYBOX + "\",\"network\":\"" + network
						+ "\",\"command\":[\"sh\",\"-c\"," + Api.JSON.writeValueAsString(script) + "]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Api.CREATED.add(id);
		Api.Response started = this.api.post("/api/v1/containers/" + id + "/start");
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		return id;
	}

	private String output(String name, String network, String script) {
		String id = start(name, network, script);
		JsonNode exited = this.api.await(id);
		String logs = this.api.get("/api/v1/containers/" + id + "/logs").body();
		assertThat(exited.get("exitCode").asInt()).as(logs).isZero();
		return logs;
	}

	private static String tryFetch(String url) {
		// busybox-static's wget crashes with -T here; timeout(1) bounds it instead
		return "if timeout 3 wget -qO- " + url + " 2>/dev/null; then echo reached; else echo blocked; fi";
	}

	@Test
	void networksAreIsolatedInternalHasNoWayOutAndNothingIsLeftAfterRemoval() throws IOException {
		List<String> bridges = new ArrayList<>();
		bridges.add(network("iso-a", "10.231.21.0/24", false));
		bridges.add(network("iso-b", "10.231.22.0/24", false));
		bridges.add(network("iso-int", "10.231.23.0/24", true));

		String server = start("server-b", "iso-b", "echo on-b > /tmp/index.html; httpd -f -p 8080 -h /tmp");
		String serverIp = this.api.get("/api/v1/containers/" + server)
			.json()
			.get("networkSettings")
			.get("ipAddress")
			.asString();
		String url = "http://" + serverIp + ":8080/";
		assertThat(output("same-net", "iso-b", "sleep 0.5; " + tryFetch(url))).as("control: same network")
			.isEqualTo("on-b\nreached\n");
		assertThat(output("other-net", "iso-a", tryFetch(url))).as("from another network").isEqualTo("blocked\n");
		assertThat(output("other-dns", "iso-a",
				"nslookup server-b 10.231.22.1 2>&1 | awk '/^Name:/{n=1} n && /^Address/{print $2}'; echo end"))
			.as("another network's DNS server does not tell its names")
			.isEqualTo("end\n");

		String outside = "http://" + OUTSIDE_IP + ":8080/";
		assertThat(output("egress", "iso-a", tryFetch(outside))).as("control: a normal network reaches out")
			.isEqualTo("outside\nreached\n");
		String internal = output("internal", "iso-int",
				"grep -c '^eth0\t00000000' /proc/net/route; " + tryFetch(outside));
		assertThat(internal).as("no default route and no way out").isEqualTo("0\nblocked\n");
		assertThat(output("internal-dns", "iso-int",
				"sleep 0.5; nslookup server-b >/dev/null 2>&1 || echo no-name; "
						+ "nslookup internal-dns | awk '/^Name:/{n=1} n && /^Address/{print $2}'"))
			.as("internal networks still resolve their own names")
			.matches("no-name\n10\\.231\\.23\\.[0-9]+\n");

		for (JsonNode container : this.api.get("/api/v1/containers").json()) {
			Api.Response removed = this.api
				.delete("/api/v1/containers/" + container.get("id").asString() + "?force=true");
			assertThat(removed.status()).as(removed.body()).isEqualTo(204);
		}
		for (String name : List.of("iso-a", "iso-b", "iso-int")) {
			Api.Response removed = this.api.delete("/api/v1/networks/" + name);
			assertThat(removed.status()).as(removed.body()).isEqualTo(204);
		}

		String links = run("ip", "-o", "link", "show");
		for (String bridge : bridges) {
			assertThat(links).as("bridge or its veths left behind").doesNotContain(bridge);
		}
		List<String> added = new ArrayList<>(run("iptables-save").lines().filter((l) -> !l.startsWith("#")).toList());
		added.removeAll(this.rulesBefore);
		assertThat(added.stream()
			.filter((l) -> bridges.stream().anyMatch(l::contains) || l.matches(".*10\\.231\\.2[123]\\..*")
					|| l.contains(server))
			.toList()).as("iptables rules left behind").isEmpty();
		assertThat(filesUnder(this.server.runRoot().resolve("netns"))).as("network namespace files").isEmpty();
		assertThat(filesUnder(this.server.runRoot().resolve("cni/ipam"))).as("address leases").isEmpty();
		assertThat(filesUnder(this.server.runRoot().resolve("cni/results"))).as("CNI results").isEmpty();
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

}
