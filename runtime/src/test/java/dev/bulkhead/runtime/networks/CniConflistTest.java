package dev.bulkhead.runtime.networks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class CniConflistTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void bridgeNetworkChainsBridgePortmapFirewallAndTuning() throws IOException {
		Network network = new Network("backend", "bh-0123456789a", "10.214.7.0/24", "10.214.7.1", 1400, false,
				Instant.EPOCH);
		assertThat(tree(CniConflist.of(network, Path.of("/run/bulkhead/cni/ipam"))))
			.isEqualTo(sample("bridge-network.conflist"));
	}

	@Test
	void internalNetworkHasNoGatewayRouteNoMasqueradeAndNoPortmap() throws IOException {
		Network network = new Network("quiet", "bh-fedcba98765", "10.215.0.0/24", "10.215.0.1", 1500, true,
				Instant.EPOCH);
		assertThat(tree(CniConflist.of(network, Path.of("/run/bulkhead/cni/ipam"))))
			.isEqualTo(sample("internal-network.conflist"));
	}

	@Test
	void eachPluginGetsNameVersionPrevResultAndOnlyTheRuntimeConfigItAsksFor() {
		Network network = new Network("backend", "bh-0123456789a", "10.214.7.0/24", "10.214.7.1", 1400, false,
				Instant.EPOCH);
		Map<String, Object> conflist = CniConflist.of(network, Path.of("/ipam"));
		List<?> plugins = (List<?>) conflist.get("plugins");
		Map<String, Object> runtimeConfig = Map.of("portMappings",
				List.of(Map.of("hostPort", 8080, "containerPort", 80, "protocol", "tcp")));
		Map<String, Object> prev = Map.of("cniVersion", "1.0.0");
		JsonNode portmap = tree(CniPlugins.pluginConfig(conflist, plugins.get(1), prev, runtimeConfig));
		assertThat(portmap.get("name").asString()).isEqualTo("backend");
		assertThat(portmap.get("cniVersion").asString()).isEqualTo("1.0.0");
		assertThat(portmap.get("prevResult").get("cniVersion").asString()).isEqualTo("1.0.0");
		assertThat(portmap.get("runtimeConfig").get("portMappings").get(0).get("hostPort").asInt()).isEqualTo(8080);
		JsonNode bridge = tree(CniPlugins.pluginConfig(conflist, plugins.get(0), null, runtimeConfig));
		assertThat(bridge.has("runtimeConfig")).isFalse();
		assertThat(bridge.has("prevResult")).isFalse();
	}

	private JsonNode tree(Object value) {
		return this.json.valueToTree(value);
	}

	private JsonNode sample(String name) throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/samples/cni/" + name)) {
			return this.json.readTree(in);
		}
	}

}
