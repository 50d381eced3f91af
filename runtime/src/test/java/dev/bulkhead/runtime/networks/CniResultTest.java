package dev.bulkhead.runtime.networks;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CniResultTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void containerAddressAndMacAreReadFromASpec10Result() throws IOException {
		CniResult result = read();
		CniResult.Ip ip = result.containerIpv4("eth0");
		assertThat(ip.addressWithoutPrefix()).isEqualTo("10.214.7.2");
		assertThat(ip.prefixLength()).isEqualTo(24);
		assertThat(ip.gateway()).isEqualTo("10.214.7.1");
		assertThat(result.containerInterface("eth0").mac()).isEqualTo("0a:58:0a:d6:07:02");
	}

	@Test
	void hostSideInterfacesAreNotTakenForTheContainers() throws IOException {
		assertThatIllegalStateException().isThrownBy(() -> read().containerInterface("veth5f0e2a1b"))
			.withMessageContaining("no interface veth5f0e2a1b");
	}

	@Test
	void resultSurvivesARoundTripForDel() throws IOException {
		CniResult result = read();
		assertThat(this.json.readValue(this.json.writeValueAsString(result), CniResult.class)).isEqualTo(result);
	}

	private CniResult read() throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/samples/cni/bridge-add-result.json")) {
			return this.json.readValue(in, CniResult.class);
		}
	}

}
