package dev.bulkhead.runtime.networks.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server on loopback, asked over UDP and TCP as a container's resolver would ask it;
 * the "host's resolver" it forwards to is a second server on loopback that knows one
 * dotted name.
 */
class DnsServerTest {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	@TempDir
	Path dir;

	private final List<AutoCloseable> closing = new ArrayList<>();

	private DnsRecords records;

	private DnsServer server;

	@BeforeEach
	void servers() throws IOException {
		DnsRecords upstreamRecords = new DnsRecords();
		upstreamRecords.put("host", List.of("files.example.org"), ipv4("192.0.2.10"));
		DnsServer upstream = new DnsServer(LOOPBACK, 0, new NetworkResolver(upstreamRecords,
				new UpstreamResolvers(this.dir.resolve("none"), Duration.ofMillis(200), 53)))
			.start();
		this.closing.add(upstream);
		Path resolvConf = this.dir.resolve("resolv.conf");
		Files.writeString(resolvConf, "search corp.example\nnameserver 127.0.0.1\n");
		this.records = new DnsRecords();
		this.server = new DnsServer(LOOPBACK, 0, new NetworkResolver(this.records,
				new UpstreamResolvers(resolvConf, Duration.ofSeconds(2), upstream.port())))
			.start();
		this.closing.add(this.server);
	}

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable c : this.closing) {
			c.close();
		}
	}

	@Test
	void containerNamesAndAliasesResolveOverUdpAndFollowTheContainer() throws IOException {
		this.records.put("c1", List.of("web", "frontend"), ipv4("10.231.1.2"));
		assertThat(addresses(udp("web", DnsMessage.TYPE_A))).containsExactly("10.231.1.2");
		assertThat(addresses(udp("FrontEnd.", DnsMessage.TYPE_A))).containsExactly("10.231.1.2");
		this.records.put("c2", List.of("web-2", "frontend"), ipv4("10.231.1.3"));
		assertThat(addresses(udp("frontend", DnsMessage.TYPE_A))).containsExactly("10.231.1.2", "10.231.1.3");
		this.records.remove("c1");
		this.records.put("c3", List.of("web"), ipv4("10.231.1.9"));
		assertThat(addresses(udp("web", DnsMessage.TYPE_A))).containsExactly("10.231.1.9");
	}

	@Test
	void knownNameAskedForAnotherTypeExistsWithoutRecords() throws IOException {
		this.records.put("c1", List.of("web"), ipv4("10.231.1.2"));
		byte[] answer = udp("web", DnsMessage.TYPE_AAAA);
		assertThat(DnsMessage.rcode(answer)).isEqualTo(DnsMessage.NOERROR);
		assertThat(addresses(answer)).isEmpty();
	}

	@Test
	void unknownSingleLabelNameIsNxdomainWithoutAskingUpstream() throws IOException {
		byte[] answer = udp("nobody", DnsMessage.TYPE_A);
		assertThat(DnsMessage.rcode(answer)).isEqualTo(DnsMessage.NXDOMAIN);
	}

	@Test
	void otherNamesAreForwardedToTheHostsResolverOverUdpAndTcp() throws IOException {
		assertThat(addresses(udp("files.example.org", DnsMessage.TYPE_A))).containsExactly("192.0.2.10");
		assertThat(addresses(tcp("files.example.org"))).containsExactly("192.0.2.10");
		assertThat(DnsMessage.rcode(udp("missing.example.org", DnsMessage.TYPE_A)))
			.as("the upstream's own answer (it has no upstream itself) comes back")
			.isEqualTo(DnsMessage.SERVFAIL);
	}

	@Test
	void tcpAnswersContainerNames() throws IOException {
		this.records.put("c1", List.of("db"), ipv4("10.231.1.4"));
		assertThat(addresses(tcp("db"))).containsExactly("10.231.1.4");
	}

	@Test
	void withoutReachableUpstreamTheAnswerIsServfail() throws IOException {
		Path empty = this.dir.resolve("empty.conf");
		Files.writeString(empty, "# no nameserver\n");
		try (DnsServer lonely = new DnsServer(LOOPBACK, 0,
				new NetworkResolver(new DnsRecords(), new UpstreamResolvers(empty, Duration.ofMillis(200), 53)))
			.start()) {
			assertThat(DnsMessage.rcode(udp(lonely.port(), "example.org", DnsMessage.TYPE_A)))
				.isEqualTo(DnsMessage.SERVFAIL);
		}
	}

	@Test
	void garbageGetsFormerrOrNothing() throws IOException {
		try (DatagramSocket socket = new DatagramSocket()) {
			socket.setSoTimeout(2000);
			byte[] garbage = { 0x55, 0x66, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 1 };
			socket.send(new DatagramPacket(garbage, garbage.length, LOOPBACK, this.server.port()));
			byte[] buffer = new byte[512];
			DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
			socket.receive(reply);
			assertThat(DnsMessage.id(buffer)).isEqualTo(0x5566);
			assertThat(DnsMessage.rcode(buffer)).isEqualTo(DnsMessage.FORMERR);
		}
	}

	private byte[] udp(String name, int type) throws IOException {
		return udp(this.server.port(), name, type);
	}

	private static byte[] udp(int port, String name, int type) throws IOException {
		try (DatagramSocket socket = new DatagramSocket()) {
			socket.setSoTimeout(5000);
			byte[] query = DnsMessage.query(4711, name, type);
			socket.send(new DatagramPacket(query, query.length, new InetSocketAddress(LOOPBACK, port)));
			byte[] buffer = new byte[4096];
			DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
			socket.receive(reply);
			byte[] answer = java.util.Arrays.copyOf(buffer, reply.getLength());
			assertThat(DnsMessage.id(answer)).isEqualTo(4711);
			return answer;
		}
	}

	private byte[] tcp(String name) throws IOException {
		try (Socket socket = new Socket(LOOPBACK, this.server.port())) {
			socket.setSoTimeout(5000);
			byte[] query = DnsMessage.query(99, name, DnsMessage.TYPE_A);
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			out.writeShort(query.length);
			out.write(query);
			out.flush();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			byte[] answer = new byte[in.readUnsignedShort()];
			in.readFully(answer);
			return answer;
		}
	}

	/** The A records of an answer, read independently of the codec's writer. */
	private static List<String> addresses(byte[] answer) {
		int count = ((answer[6] & 0xFF) << 8) | (answer[7] & 0xFF);
		int position = 12;
		while (answer[position] != 0) {
			position += (answer[position] & 0xFF) + 1;
		}
		position += 5;
		List<String> found = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			if ((answer[position] & 0xC0) == 0xC0) {
				position += 2;
			}
			else {
				while (answer[position] != 0) {
					position += (answer[position] & 0xFF) + 1;
				}
				position++;
			}
			int type = ((answer[position] & 0xFF) << 8) | (answer[position + 1] & 0xFF);
			int length = ((answer[position + 8] & 0xFF) << 8) | (answer[position + 9] & 0xFF);
			if (type == DnsMessage.TYPE_A) {
				found.add((answer[position + 10] & 0xFF) + "." + (answer[position + 11] & 0xFF) + "."
						+ (answer[position + 12] & 0xFF) + "." + (answer[position + 13] & 0xFF));
			}
			position += 10 + length;
		}
		return found;
	}

	private static Inet4Address ipv4(String address) throws IOException {
		return (Inet4Address) InetAddress.getByName(address);
	}

}
