package dev.bulkhead.it.networks;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Name resolution on a user-defined network: one container fetches from another by name
 * and by alias through the embedded DNS server on the network's gateway, and after the
 * server container is removed and made again (with a new address) the name follows it.
 */
class NetworkDnsIT extends PlatformTest {

	private static final String NETWORK = "dns-it";

	private static final String SUBNET = "10.231.11.0/24";

	@Override
	protected List<String> serverArguments() {
		return List.of("--bulkhead.networks.default-subnet=10.231.250.0/24");
	}

	private String createAndStart(String body) {
		Api.Response created = this.api.post("/api/v1/containers", body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Api.CREATED.add(id);
		Api.Response started = this.api.post("/api/v1/containers/" + id + "/start");
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		return id;
	}

	private String webServer(String greeting) {
		String script = "echo " + greeting + " > /tmp/index.html; httpd -f -p 8080 -h /tmp";
		return createAndStart("{\"name\":\"web\",\"image\":\"" + TestImages.BUSYBOX + "\",\"network\":\"" + NETWORK
				+ "\",\"networkAliases\":[\"www\",\"static.site\"],\"command\":[\"sh\",\"-c\","
				+ Api.JSON.writeValueAsString(script) + "]}");
	}

	/** Runs a client container on the network to its end and returns its output. */
	private String client(String name, String script) {
		String id = createAndStart("{\"name\":\"" + name + "\",\"image\":\"" + TestImages.BUSYBOX + "\",\"network\":\""
				+ NETWORK + "\",\"command\":[\"sh\",\"-c\"," + Api.JSON.writeValueAsString(script) + "]}");
		JsonNode exited = this.api.await(id);
		String logs = this.api.get("/api/v1/containers/" + id + "/logs").body();
		assertThat(exited.get("exitCode").asInt()).as(logs).isZero();
		return logs;
	}

	private static String fetch(String host) {
		return "for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://" + host + ":8080/ && break; sleep 0.3; done";
	}

	@Test
	void containersReachEachOtherByNameAndAliasAndTheNameFollowsARecreatedContainer() throws IOException {
		Api.Response network = this.api.post("/api/v1/networks",
				"{\"name\":\"" + NETWORK + "\",\"subnet\":\"" + SUBNET + "\"}");
		assertThat(network.status()).as(network.body()).isEqualTo(201);
		String gateway = network.json().get("gateway").asString();

		String first = webServer("first");
		String firstIp = this.api.get("/api/v1/containers/" + first)
			.json()
			.get("networkSettings")
			.get("ipAddress")
			.asString();
		String out = client("client1",
				"cat /etc/resolv.conf; " + fetch("web") + "; " + fetch("www") + "; " + fetch("static.site") + "; "
						+ fetch(first.substring(0, 12))
						+ "; nslookup nobody-here >/dev/null 2>&1 && echo nobody-resolved || echo nobody-nxdomain");
		assertThat(out).contains("nameserver " + gateway + "\n");
		assertThat(out).contains("first\nfirst\nfirst\nfirst\nnobody-nxdomain\n");
		assertThat(resolve(gateway, "web")).containsExactly(firstIp);

		Api.Response removed = this.api.delete("/api/v1/containers/" + first + "?force=true");
		assertThat(removed.status()).as(removed.body()).isEqualTo(204);
		assertThat(resolve(gateway, "web")).as("a removed container's name is gone").isEmpty();

		String second = webServer("second");
		String secondIp = this.api.get("/api/v1/containers/" + second)
			.json()
			.get("networkSettings")
			.get("ipAddress")
			.asString();
		assertThat(secondIp).as("the new container has a new address").isNotEqualTo(firstIp);
		assertThat(resolve(gateway, "web")).containsExactly(secondIp);
		assertThat(client("client2", fetch("web"))).isEqualTo("second\n");
	}

	private JsonNode exec(String container, String script) {
		Api.Response ran = this.api.post("/api/v1/containers/" + container + "/exec",
				"{\"command\":[\"sh\",\"-c\"," + Api.JSON.writeValueAsString(script) + "],\"timeoutSeconds\":20}");
		assertThat(ran.status()).as(ran.body()).isEqualTo(200);
		return ran.json();
	}

	@Test
	void aRunningContainerIsConnectedToAnotherNetworkReachesItsNamesByNameAndIsDisconnected() {
		for (String body : List.of("{\"name\":\"front\",\"subnet\":\"10.231.12.0/24\"}",
				"{\"name\":\"back\",\"subnet\":\"10.231.13.0/24\",\"mtu\":1450}")) {
			Api.Response made = this.api.post("/api/v1/networks", body);
			assertThat(made.status()).as(made.body()).isEqualTo(201);
		}
		String db = createAndStart("{\"name\":\"db\",\"image\":\"" + TestImages.BUSYBOX
				+ "\",\"network\":\"back\",\"command\":[\"sh\",\"-c\","
				+ "\"echo db > /tmp/index.html; httpd -f -p 8080 -h /tmp\"]}");
		String app = createAndStart("{\"name\":\"app\",\"image\":\"" + TestImages.BUSYBOX
				+ "\",\"network\":\"front\",\"command\":[\"sleep\",\"300\"]}");
		assertThat(exec(app, "nslookup db >/dev/null 2>&1 && echo found || echo unknown").get("stdout").asString())
			.as("before connect")
			.isEqualTo("unknown\n");

		Api.Response connected = this.api.post("/api/v1/networks/back/connect",
				"{\"container\":\"app\",\"aliases\":[\"app-alias\"]}");
		assertThat(connected.status()).as(connected.body()).isEqualTo(200);
		assertThat(connected.json().get("containers").findValuesAsString("name")).containsExactlyInAnyOrder("db",
				"app");
		JsonNode networks = this.api.get("/api/v1/containers/app").json().get("networks");
		assertThat(networks).hasSize(2);
		assertThat(networks.get(0).get("network").asString()).isEqualTo("front");
		assertThat(networks.get(1).get("network").asString()).isEqualTo("back");
		assertThat(networks.get(1).get("interfaceName").asString()).isEqualTo("eth1");
		assertThat(networks.get(1).get("mtu").asInt()).isEqualTo(1450);
		assertThat(networks.get(1).get("gateway").asString()).isEqualTo("10.231.13.1");
		String appOnBack = networks.get(1).get("ipAddress").asString();
		assertThat(appOnBack).startsWith("10.231.13.");

		assertThat(exec(app, fetch("db") + "; cat /sys/class/net/eth1/mtu").get("stdout").asString())
			.isEqualTo("db\n1450\n");
		assertThat(
				exec(db, "nslookup app-alias | awk '/^Name:/{n=1} n && /^Address/{print $2}'").get("stdout").asString())
			.as("the alias resolves on the connected network")
			.isEqualTo(appOnBack + "\n");

		Api.Response again = this.api.post("/api/v1/networks/back/connect", "{\"container\":\"app\"}");
		assertThat(again.status()).as(again.body()).isEqualTo(409);
		Api.Response inUse = this.api.delete("/api/v1/networks/back");
		assertThat(inUse.status()).as(inUse.body()).isEqualTo(409);
		assertThat(inUse.body()).contains("app").contains("db");

		Api.Response disconnected = this.api.post("/api/v1/networks/back/disconnect", "{\"container\":\"app\"}");
		assertThat(disconnected.status()).as(disconnected.body()).isEqualTo(200);
		assertThat(disconnected.json().get("containers").findValuesAsString("name")).containsExactly("db");
		assertThat(exec(app, "ls /sys/class/net").get("stdout").asString()).isEqualTo("eth0\nlo\n");
		assertThat(this.api.get("/api/v1/containers/app").json().get("networks")).hasSize(1);
		Api.Response primary = this.api.post("/api/v1/networks/front/disconnect", "{\"container\":\"app\"}");
		assertThat(primary.status()).as(primary.body()).isEqualTo(409);
		assertThat(primary.body()).contains("created on");

		// removed while connected: the connection goes with it
		assertThat(this.api.post("/api/v1/networks/back/connect", "{\"container\":\"app\"}").status()).isEqualTo(200);
		assertThat(this.api.delete("/api/v1/containers/app?force=true").status()).isEqualTo(204);
		assertThat(this.server.runRoot().resolve("cni/results/" + app + "-eth1.json")).doesNotExist();
		assertThat(this.server.runRoot().resolve("cni/ipam/back/" + appOnBack)).doesNotExist();
	}

	/**
	 * Asks the network's DNS server from the host, as a container would, and returns the
	 * A records (empty for NXDOMAIN).
	 */
	private static List<String> resolve(String gateway, String name) throws IOException {
		try (DatagramSocket socket = new DatagramSocket()) {
			socket.setSoTimeout(3000);
			byte[] query = dev.bulkhead.runtime.networks.dns.DnsMessage.query(77, name, 1);
			socket.send(new DatagramPacket(query, query.length, InetAddress.getByName(gateway), 53));
			byte[] buffer = new byte[512];
			DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
			socket.receive(reply);
			int count = buffer[7] & 0xFF;
			java.util.ArrayList<String> found = new java.util.ArrayList<>();
			int position = query.length;
			for (int i = 0; i < count; i++) {
				int at = position + 12;
				found.add((buffer[at] & 0xFF) + "." + (buffer[at + 1] & 0xFF) + "." + (buffer[at + 2] & 0xFF) + "."
						+ (buffer[at + 3] & 0xFF));
				position += 16;
			}
			return found;
		}
	}

}
