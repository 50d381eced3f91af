package dev.bulkhead.runtime.networks;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PortSpecsTest {

	@Test
	void shortFormsAreParsedWithDockersDefaults() {
		assertThat(PortSpecs.parse(List.of("8080:80", "127.0.0.1:8081:80/tcp", "53/udp", "0:80", "80")))
			.containsExactly(new PortMapping("0.0.0.0", 8080, 80, "tcp"), new PortMapping("127.0.0.1", 8081, 80, "tcp"),
					new PortMapping("0.0.0.0", 0, 53, "udp"), new PortMapping("0.0.0.0", 0, 80, "tcp"),
					new PortMapping("0.0.0.0", 0, 80, "tcp"));
	}

	@Test
	void emptyHostPortAfterAnAddressAsksForAFreePort() {
		assertThat(PortSpecs.parse(List.of("127.0.0.1::8080")))
			.containsExactly(new PortMapping("127.0.0.1", 0, 8080, "tcp"));
	}

	@Test
	void objectFormIsParsed() {
		assertThat(PortSpecs
			.parse(List.of(Map.of("hostIp", "127.0.0.1", "hostPort", 9000, "containerPort", 90, "protocol", "UDP"))))
			.containsExactly(new PortMapping("127.0.0.1", 9000, 90, "udp"));
	}

	@Test
	void badEntryIsNamedByPositionAndValue() {
		assertThatExceptionOfType(InvalidArgumentException.class)
			.isThrownBy(() -> PortSpecs.parse(List.of("8080:80", "70000:80")))
			.withMessageContaining("ports[1] '70000:80'")
			.withMessageContaining("out of range");
	}

	@Test
	void unknownProtocolIsRefused() {
		assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> PortSpecs.parse(List.of("80/sctp")))
			.withMessageContaining("ports[0]")
			.withMessageContaining("sctp");
	}

	@Test
	void malformedStringAndBadAddressAreRefused() {
		assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> PortSpecs.parse(List.of("http")))
			.withMessageContaining("[hostIp:][hostPort:]containerPort");
		assertThatExceptionOfType(InvalidArgumentException.class)
			.isThrownBy(() -> PortSpecs.parse(List.of("300.1.1.1:80:80")))
			.withMessageContaining("not an IPv4 address");
		assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> PortSpecs.parse(List.of("0")))
			.withMessageContaining("container port 0");
	}

	@Test
	void objectWithoutContainerPortIsRefused() {
		assertThatExceptionOfType(InvalidArgumentException.class)
			.isThrownBy(() -> PortSpecs.parse(List.of(Map.of("hostPort", 80))))
			.withMessageContaining("containerPort is required");
	}

	@Test
	void sameHostPortTwiceIsRefusedButRandomOnesMayRepeat() {
		assertThatExceptionOfType(InvalidArgumentException.class)
			.isThrownBy(() -> PortSpecs.parse(List.of("8080:80", "8080:81")))
			.withMessageContaining("ports[1]")
			.withMessageContaining("published twice");
		assertThat(PortSpecs.parse(List.of("80", "81", "53/udp", "53:53/udp", "53:53/tcp"))).hasSize(5);
	}

}
