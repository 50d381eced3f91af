package dev.bulkhead.runtime.networks.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two networks' servers on loopback addresses standing in for their gateways;
 * "containers" are loopback addresses too, so a query can come from a registered
 * container's address.
 */
class EmbeddedDnsTest {

	@TempDir
	Path dir;

	private EmbeddedDns dns;

	@AfterEach
	void close() {
		if (this.dns != null) {
			this.dns.close();
		}
	}

	@Test
	void aContainerConnectedToTwoNetworksResolvesNamesOfBothThroughItsFirstNetworksServer() throws IOException {
		this.dns = new EmbeddedDns(0, new UpstreamResolvers(this.dir.resolve("none"), Duration.ofMillis(200), 53));
		this.dns.register("front", "127.0.0.1", "127.0.0.0/29", false, "api", List.of("api"), "127.0.0.5");
		this.dns.register("back", "127.0.0.2", "127.0.0.0/29", true, "db", List.of("db"), "127.0.0.7");
		this.dns.register("back", "127.0.0.2", "127.0.0.0/29", false, "api", List.of("api", "orders"), "127.0.0.6");
		assertThat(this.dns.isServing("front")).isTrue();

		int front = this.dns.port("front");
		assertThat(ask("127.0.0.5", "127.0.0.1", front, "db")).as("api asks its first network for a name on back")
			.isEqualTo(DnsMessage.NOERROR);
		assertThat(ask("127.0.0.3", "127.0.0.1", front, "db")).as("a stranger on front does not see back's names")
			.isEqualTo(DnsMessage.NXDOMAIN);
		assertThat(ask("127.0.0.7", "127.0.0.2", this.dns.port("back"), "orders")).as("an alias given at connect")
			.isEqualTo(DnsMessage.NOERROR);

		assertThat(ask("127.0.0.9", "127.0.0.2", this.dns.port("back"), "db")).as("a client outside the subnet")
			.isEqualTo(DnsMessage.REFUSED);

		assertThat(ask("127.0.0.7", "127.0.0.2", this.dns.port("back"), "example.org")).as("internal: not forwarded")
			.isEqualTo(DnsMessage.REFUSED);

		this.dns.unregister("back", "api");
		assertThat(ask("127.0.0.5", "127.0.0.1", front, "db")).as("after disconnect").isEqualTo(DnsMessage.NXDOMAIN);
		assertThat(ask("127.0.0.7", "127.0.0.2", this.dns.port("back"), "orders")).isEqualTo(DnsMessage.NXDOMAIN);

		this.dns.stop("back");
		assertThat(this.dns.isServing("back")).isFalse();
	}

	/** The response code of an A query sent from {@code from} to a server. */
	private static int ask(String from, String server, int port, String name) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
			socket.setSoTimeout(3000);
			byte[] query = DnsMessage.query(1, name, DnsMessage.TYPE_A);
			socket.send(new DatagramPacket(query, query.length, InetAddress.getByName(server), port));
			byte[] buffer = new byte[512];
			socket.receive(new DatagramPacket(buffer, buffer.length));
			return DnsMessage.rcode(buffer);
		}
	}

}
