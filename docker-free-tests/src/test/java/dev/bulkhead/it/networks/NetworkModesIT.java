package dev.bulkhead.it.networks;

import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network modes beside bridge networks: {@code container:<name>} joins a running
 * container's namespace (and its resolver), and {@code host} is refused below the
 * privileged level.
 */
class NetworkModesIT extends PlatformTest {

	@Override
	protected List<String> serverArguments() {
		return List.of("--bulkhead.networks.default-subnet=10.231.253.0/24");
	}

	private Api.Response create(String name, String network, String script) {
		return this.api.post("/api/v1/containers",
				"{\"name\":\"" + name + "\",\"image\":\"" + TestImages.BUSYBOX + "\",\"network\":\"" + network
						+ "\",\"command\":[\"sh\",\"-c\"," + Api.JSON.writeValueAsString(script) + "]}");
	}

	private String createAndStart(String name, String network, String script) {
		Api.Response created = create(name, network, script);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Api.CREATED.add(id);
		Api.Response started = this.api.post("/api/v1/containers/" + id + "/start");
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		return id;
	}

	@Test
	void aContainerJoinsAnotherRunningContainersNetworkNamespace() {
		Api.Response network = this.api.post("/api/v1/networks", "{\"name\":\"modes\",\"subnet\":\"10.231.14.0/24\"}");
		assertThat(network.status()).as(network.body()).isEqualTo(201);
		createAndStart("web", "modes", "echo shared > /tmp/index.html; httpd -f -p 8080 -h /tmp");
		String joined = createAndStart("sidecar", "container:web",
				"sleep 0.5; wget -qO- http://127.0.0.1:8080/; grep nameserver /etc/resolv.conf; ls /sys/class/net");
		JsonNode exited = this.api.await(joined);
		String logs = this.api.get("/api/v1/containers/" + joined + "/logs").body();
		assertThat(exited.get("exitCode").asInt()).as(logs).isZero();
		assertThat(logs).isEqualTo("shared\nnameserver 10.231.14.1\neth0\nlo\n");
		assertThat(this.api.get("/api/v1/containers/sidecar").json().get("network").asString())
			.isEqualTo("container:" + this.api.get("/api/v1/containers/web").json().get("id").asString());
	}

	@Test
	void joiningAContainerThatIsNotRunningFailsAtStartSayingSo() {
		Api.Response idle = create("idle", "modes-none-" + 1, "true");
		assertThat(idle.status()).as("no such network").isEqualTo(404);
		Api.Response target = create("idle", "none", "true");
		assertThat(target.status()).as(target.body()).isEqualTo(201);
		Api.CREATED.add(target.json().get("id").asString());
		Api.Response joiner = create("joiner", "container:idle", "true");
		assertThat(joiner.status()).as(joiner.body()).isEqualTo(201);
		Api.CREATED.add(joiner.json().get("id").asString());
		Api.Response started = this.api.post("/api/v1/containers/joiner/start");
		assertThat(started.status()).as(started.body()).isBetween(400, 499);
		assertThat(started.body()).contains("'idle'").contains("start it first");
		Api.Response missing = create("orphan", "container:no-such-container", "true");
		assertThat(missing.status()).as(missing.body()).isEqualTo(404);
		Api.Response ports = this.api.post("/api/v1/containers", "{\"name\":\"p\",\"image\":\"" + TestImages.BUSYBOX
				+ "\",\"network\":\"container:idle\",\"ports\":[\"8080\"]}");
		assertThat(ports.status()).as(ports.body()).isEqualTo(400);
	}

	@Test
	void hostNetworkIsRefusedBelowThePrivilegedLevel() {
		Api.Response refused = create("on-host", "host", "true");
		assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		assertThat(refused.body()).contains("host's network namespace").contains("level restricted");
	}

}
