package dev.bulkhead.runtime.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.bulkhead.runtime.networks.NetworkAttachment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container's record keeps the networks a user connected it to across its exit, while
 * the attachments themselves go with the process.
 */
class ConnectedNetworksTest {

	private static final String ID = "e".repeat(64);

	@TempDir
	Path root;

	private static NetworkAttachment attachment(String network, String ifName, List<String> aliases) {
		return new NetworkAttachment(network, "10.0.0.2", 24, "10.0.0.1", "02:42:0a:00:00:02", List.of(), ifName, 1500,
				aliases);
	}

	private static Container running(List<NetworkAttachment> connections) {
		ContainerConfig config = new ContainerConfig("app", "busybox", null, List.of("sleep", "9"), null, null, null,
				null, null, null, null, null, null);
		Instant at = Instant.parse("2026-01-01T00:00:00Z");
		return new Container(ID, "app", "busybox", "sha256:" + "b".repeat(64), config, ContainerState.RUNNING, at, at,
				null, null, false, false, 42, null, null, null, null, null, null, connections);
	}

	@Test
	void anExitReleasesTheAttachmentsButKeepsTheNetworksInOrderWithTheirAliases() {
		Container app = running(
				List.of(attachment("second", "eth1", List.of("app-alias")), attachment("third", "eth2", List.of())));
		Container exited = app.exited(1, false, Instant.now());
		assertThat(exited.connections()).isEmpty();
		assertThat(exited.connectedNetworks()).containsExactly(new NetworkConnection("second", List.of("app-alias")),
				new NetworkConnection("third", List.of()));
		Container restarted = exited.started(43, Instant.now(), null, null,
				List.of(attachment("second", "eth1", List.of("app-alias"))), false);
		assertThat(restarted.connectedNetworks()).isEqualTo(exited.connectedNetworks());
		assertThat(exited.failed("no").connectedNetworks()).isEqualTo(exited.connectedNetworks());
	}

	@Test
	void aRecordWrittenBeforeConnectionsWereKeptTakesThemFromItsAttachments() throws Exception {
		ContainerStore store = new ContainerStore(this.root, JsonMapper.builder().build());
		store.save(running(List.of(attachment("second", "eth1", List.of("a")))));
		Path file = this.root.resolve(ID).resolve("container.json");
		JsonMapper json = JsonMapper.builder().build();
		ObjectNode record = (ObjectNode) json.readTree(Files.readString(file));
		assertThat(record.has("connectedNetworks")).isTrue();
		// as an older server wrote it: no "connectedNetworks"
		record.remove("connectedNetworks");
		Files.writeString(file, json.writeValueAsString(record));
		ContainerStore reread = new ContainerStore(this.root, JsonMapper.builder().build());
		assertThat(reread.load()).isEmpty();
		assertThat(reread.get(ID).connectedNetworks()).containsExactly(new NetworkConnection("second", List.of("a")));
	}

	@Test
	void aDisconnectedNetworkIsNotKept() {
		Container app = running(List.of(attachment("second", "eth1", List.of())));
		Container disconnected = app.withConnections(List.of(), List.of());
		assertThat(disconnected.exited(0, false, Instant.now()).connectedNetworks()).isEmpty();
	}

}
