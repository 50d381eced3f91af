package dev.bulkhead.it.networks;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Networks a user connected a container to stay connected across its restarts: after a
 * restart by a user and one by its restart policy the container has its extra interfaces
 * again, in the order they were connected, with addresses on those networks, and its name
 * and aliases resolve there to the new addresses. A stopped container keeps its
 * connections (the network cannot be removed under it) until it is disconnected.
 */
class ConnectionsAcrossRestartIT extends PlatformTest {

	@Override
	protected List<String> serverArguments() {
		return List.of("--bulkhead.networks.default-subnet=10.232.59.0/24");
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

	private JsonNode exec(String container, String script) {
		Api.Response ran = this.api.post("/api/v1/containers/" + container + "/exec",
				"{\"command\":[\"sh\",\"-c\"," + Api.JSON.writeValueAsString(script) + "],\"timeoutSeconds\":20}");
		assertThat(ran.status()).as(ran.body()).isEqualTo(200);
		return ran.json();
	}

	/** The address a name has in the network the asking container shares with it. */
	private String lookup(String from, String name) {
		return exec(from, "nslookup " + name + " | awk '/^Name:/{n=1} n && /^Address/{print $2}'").get("stdout")
			.asString()
			.strip();
	}

	private JsonNode networks(String container) {
		return this.api.get("/api/v1/containers/" + container).json().get("networks");
	}

	/**
	 * Checks eth1 on "second" (with the alias) and eth2 on "third", and DNS on "second".
	 */
	private String assertConnected(String app, String db) {
		JsonNode networks = networks(app);
		assertThat(networks).hasSize(3);
		assertThat(networks.get(0).get("network").asString()).isEqualTo("first");
		assertThat(networks.get(1).get("network").asString()).isEqualTo("second");
		assertThat(networks.get(1).get("interfaceName").asString()).isEqualTo("eth1");
		assertThat(networks.get(1).get("aliases").toString()).contains("app-alias");
		assertThat(networks.get(2).get("network").asString()).isEqualTo("third");
		assertThat(networks.get(2).get("interfaceName").asString()).isEqualTo("eth2");
		String onSecond = networks.get(1).get("ipAddress").asString();
		assertThat(onSecond).startsWith("10.232.51.");
		assertThat(
				exec(app, "ls /sys/class/net; ip -4 -o addr show dev eth1 | awk '{print $4}'").get("stdout").asString())
			.isEqualTo("eth0\neth1\neth2\nlo\n" + onSecond + "/24\n");
		assertThat(lookup(db, "app-alias")).as("the alias follows the new address").isEqualTo(onSecond);
		assertThat(lookup(db, "app")).as("the name follows the new address").isEqualTo(onSecond);
		assertThat(exec(app, "for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://db:8080/ && break; sleep 0.3; done")
			.get("stdout")
			.asString()).isEqualTo("db\n");
		return onSecond;
	}

	@Test
	void connectedNetworksComeBackAfterARestartByAUserAndByThePolicyAndGoOnlyWhenDisconnected() {
		for (String body : List.of("{\"name\":\"first\",\"subnet\":\"10.232.50.0/24\"}",
				"{\"name\":\"second\",\"subnet\":\"10.232.51.0/24\"}",
				"{\"name\":\"third\",\"subnet\":\"10.232.52.0/24\"}")) {
			Api.Response made = this.api.post("/api/v1/networks", body);
			assertThat(made.status()).as(made.body()).isEqualTo(201);
		}
		String db = createAndStart("{\"name\":\"db\",\"image\":\"" + TestImages.BUSYBOX
				+ "\",\"network\":\"second\",\"command\":[\"sh\",\"-c\","
				+ "\"echo db > /tmp/index.html; httpd -f -p 8080 -h /tmp\"]}");
		// exits with 1 when told to (a file in its own /tmp, which each start makes anew)
		String app = createAndStart("{\"name\":\"app\",\"image\":\"" + TestImages.BUSYBOX
				+ "\",\"network\":\"first\",\"restartPolicy\":\"on-failure\",\"command\":[\"sh\",\"-c\","
				+ "\"trap 'exit 0' TERM; while [ ! -f /tmp/crash ]; do sleep 0.1; done; exit 1\"]}");
		Api.Response connected = this.api.post("/api/v1/networks/second/connect",
				"{\"container\":\"app\",\"aliases\":[\"app-alias\"]}");
		assertThat(connected.status()).as(connected.body()).isEqualTo(200);
		assertThat(this.api.post("/api/v1/networks/third/connect", "{\"container\":\"app\"}").status()).isEqualTo(200);
		assertConnected(app, db);

		// a restart by a user
		Api.Response restarted = this.api.post("/api/v1/containers/" + app + "/restart?timeout=5");
		assertThat(restarted.status()).as(restarted.body()).isEqualTo(200);
		assertConnected(app, db);

		// a restart by the policy, after the process failed
		int pid = this.api.get("/api/v1/containers/" + app).json().get("pid").asInt();
		exec(app, "touch /tmp/crash");
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		JsonNode now = this.api.get("/api/v1/containers/" + app).json();
		while (!(now.get("state").asString().equals("running") && now.get("restartCount").asInt() == 1)) {
			assertThat(System.nanoTime()).as("restarted by its policy; last seen " + now).isLessThan(deadline);
			sleep(100);
			now = this.api.get("/api/v1/containers/" + app).json();
		}
		assertThat(now.get("pid").asInt()).isNotEqualTo(pid);
		assertConnected(app, db);

		// stopped, it keeps its connections: the network stays in use
		Api.Response stopped = this.api.post("/api/v1/containers/" + app + "/stop?timeout=5");
		assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
		assertThat(lookup(db, "app-alias")).as("no name for a stopped container").isEmpty();
		JsonNode kept = this.api.get("/api/v1/containers/" + app).json().get("connectedNetworks");
		assertThat(kept.findValuesAsString("network")).containsExactly("second", "third");
		assertThat(kept.get(0).get("aliases").get(0).asString()).isEqualTo("app-alias");
		Api.Response inUse = this.api.delete("/api/v1/networks/third");
		assertThat(inUse.status()).as(inUse.body()).isEqualTo(409);
		assertThat(inUse.body()).contains("app");
		// a disconnect while stopped holds at the next start
		Api.Response disconnected = this.api.post("/api/v1/networks/third/disconnect", "{\"container\":\"app\"}");
		assertThat(disconnected.status()).as(disconnected.body()).isEqualTo(200);
		assertThat(this.api.post("/api/v1/containers/" + app + "/start").status()).isEqualTo(200);
		JsonNode networks = networks(app);
		assertThat(networks).hasSize(2);
		assertThat(networks.get(1).get("network").asString()).isEqualTo("second");
		assertThat(exec(app, "ls /sys/class/net").get("stdout").asString()).isEqualTo("eth0\neth1\nlo\n");
		assertThat(lookup(db, "app-alias")).isEqualTo(networks.get(1).get("ipAddress").asString());
		assertThat(this.api.delete("/api/v1/networks/third").status()).isEqualTo(204);
	}

}
