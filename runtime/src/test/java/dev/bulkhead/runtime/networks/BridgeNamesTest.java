package dev.bulkhead.runtime.networks;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BridgeNamesTest {

	@Test
	void nameFitsTheKernelsInterfaceNameLimit() {
		String name = BridgeNames.derive(Path.of("/var/lib/bulkhead"), "a-very-long-network-name-indeed");
		assertThat(name).startsWith("bh-").hasSize(15).matches("bh-[0-9a-f]{12}");
	}

	@Test
	void sameNetworkNameOnServersWithDifferentDataRootsGetsDifferentBridges() {
		assertThat(BridgeNames.derive(Path.of("/srv/a"), "bulkhead"))
			.isNotEqualTo(BridgeNames.derive(Path.of("/srv/b"), "bulkhead"));
	}

	@Test
	void derivationIsStableAndDependsOnTheNetworkName() {
		assertThat(BridgeNames.derive(Path.of("/srv/a"), "x")).isEqualTo(BridgeNames.derive(Path.of("/srv/a/"), "x"))
			.isNotEqualTo(BridgeNames.derive(Path.of("/srv/a"), "y"));
	}

}
