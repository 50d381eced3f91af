package dev.bulkhead.runtime.networks.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host's resolvers, read from its resolv.conf at each query (so a change on the host
 * takes effect at once), and the forwarding of a raw query to them over UDP or TCP. The
 * forwarder runs in the host's network namespace, so a loopback resolver such as
 * systemd-resolved's {@code 127.0.0.53} is reachable and used as it is.
 */
public final class UpstreamResolvers {

	private final Path resolvConf;

	private final Duration timeout;

	private final int defaultPort;

	/**
	 * @param resolvConf the host's resolver configuration
	 * @param defaultPort 53, or another port for tests
	 */
	public UpstreamResolvers(Path resolvConf, Duration timeout, int defaultPort) {
		this.resolvConf = resolvConf;
		this.timeout = timeout;
		this.defaultPort = defaultPort;
	}

	public static UpstreamResolvers ofHost() {
		return new UpstreamResolvers(Path.of("/etc/resolv.conf"), Duration.ofSeconds(2), 53);
	}

	/** The nameservers listed now, in order. */
	public List<InetSocketAddress> nameservers() {
		List<InetSocketAddress> servers = new ArrayList<>();
		String text;
		try {
			text = Files.exists(this.resolvConf) ? Files.readString(this.resolvConf) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + this.resolvConf, ex);
		}
		for (String line : text.split("\n")) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length >= 2 && fields[0].equals("nameserver")) {
				try {
					servers.add(new InetSocketAddress(InetAddress.getByName(fields[1]), this.defaultPort));
				}
				catch (IOException ex) {
					// not an address (a typo in the host's file); the others still serve
				}
			}
		}
		return servers;
	}

	/**
	 * Asks each nameserver in turn until one answers; empty when none does (the caller
	 * answers SERVFAIL).
	 */
	public Optional<byte[]> forwardUdp(byte[] query, int length) {
		for (InetSocketAddress server : nameservers()) {
			try (DatagramSocket socket = new DatagramSocket()) {
				socket.setSoTimeout((int) this.timeout.toMillis());
				socket.connect(server);
				socket.send(new DatagramPacket(query, length));
				byte[] buffer = new byte[65535];
				long deadline = System.nanoTime() + this.timeout.toNanos();
				while (System.nanoTime() < deadline) {
					DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
					socket.receive(reply);
					if (reply.getLength() >= 12 && DnsMessage.id(buffer) == DnsMessage.id(query)) {
						byte[] answer = new byte[reply.getLength()];
						System.arraycopy(buffer, 0, answer, 0, answer.length);
						return Optional.of(answer);
					}
				}
			}
			catch (SocketTimeoutException ex) {
				// try the next one
			}
			catch (IOException ex) {
				// unreachable (ICMP refused): try the next one
			}
		}
		return Optional.empty();
	}

	/** As {@link #forwardUdp} over TCP (for queries that came over TCP). */
	public Optional<byte[]> forwardTcp(byte[] query) {
		for (InetSocketAddress server : nameservers()) {
			try (Socket socket = new Socket()) {
				socket.connect(server, (int) this.timeout.toMillis());
				socket.setSoTimeout((int) this.timeout.toMillis());
				DataOutputStream out = new DataOutputStream(socket.getOutputStream());
				out.writeShort(query.length);
				out.write(query);
				out.flush();
				DataInputStream in = new DataInputStream(socket.getInputStream());
				int length = in.readUnsignedShort();
				byte[] answer = new byte[length];
				in.readFully(answer);
				return Optional.of(answer);
			}
			catch (IOException ex) {
				// try the next one
			}
		}
		return Optional.empty();
	}

}
