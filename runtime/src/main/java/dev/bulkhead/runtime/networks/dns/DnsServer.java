package dev.bulkhead.runtime.networks.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DNS listener, UDP and TCP on the same address and port, from {@link #start} to
 * {@link #close}. Each query is answered on a small pool of threads, so one slow forward
 * does not hold up the names of the network.
 */
public final class DnsServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(DnsServer.class);

	private final InetAddress address;

	private final int requestedPort;

	private final NetworkResolver resolver;

	private final ExecutorService workers;

	private DatagramSocket udp;

	private ServerSocket tcp;

	private volatile boolean closed;

	public DnsServer(InetAddress address, int port, NetworkResolver resolver) {
		this.address = address;
		this.requestedPort = port;
		this.resolver = resolver;
		this.workers = new ThreadPoolExecutor(0, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256), (r) -> {
			Thread thread = new Thread(r, "dns-" + address.getHostAddress());
			thread.setDaemon(true);
			return thread;
		}, new ThreadPoolExecutor.DiscardPolicy());
	}

	/**
	 * Binds both sockets and starts answering; throws when the address cannot be bound.
	 */
	public DnsServer start() {
		try {
			// No SO_REUSEADDR for UDP: on Linux it would let a second server share the
			// port.
			this.udp = new DatagramSocket(null);
			this.udp.bind(new InetSocketAddress(this.address, this.requestedPort));
			this.tcp = new ServerSocket();
			this.tcp.setReuseAddress(true);
			this.tcp.bind(new InetSocketAddress(this.address, this.udp.getLocalPort()), 64);
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException(
					"cannot listen for DNS on " + this.address.getHostAddress() + ":" + this.requestedPort, ex);
		}
		daemon("dns-udp-" + this.address.getHostAddress(), this::serveUdp).start();
		daemon("dns-tcp-" + this.address.getHostAddress(), this::serveTcp).start();
		return this;
	}

	public int port() {
		return this.udp.getLocalPort();
	}

	public InetAddress address() {
		return this.address;
	}

	private void serveUdp() {
		byte[] buffer = new byte[65535];
		while (!this.closed) {
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				this.udp.receive(packet);
			}
			catch (IOException ex) {
				if (!this.closed) {
					log.warn("DNS on {} stopped receiving: {}", this.address.getHostAddress(), ex.getMessage());
				}
				return;
			}
			byte[] message = new byte[packet.getLength()];
			System.arraycopy(buffer, 0, message, 0, message.length);
			InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
			this.workers.execute(() -> {
				byte[] answer = this.resolver.answer(message, message.length, false, client.getAddress());
				if (answer != null) {
					try {
						this.udp.send(new DatagramPacket(answer, answer.length, client));
					}
					catch (IOException ex) {
						log.debug("DNS answer to {} was not sent: {}", client, ex.getMessage());
					}
				}
			});
		}
	}

	private void serveTcp() {
		while (!this.closed) {
			Socket connection;
			try {
				connection = this.tcp.accept();
			}
			catch (IOException ex) {
				if (!this.closed) {
					log.warn("DNS over TCP on {} stopped: {}", this.address.getHostAddress(), ex.getMessage());
				}
				return;
			}
			this.workers.execute(() -> serveConnection(connection));
		}
	}

	private void serveConnection(Socket connection) {
		try (connection) {
			connection.setSoTimeout(5000);
			DataInputStream in = new DataInputStream(connection.getInputStream());
			DataOutputStream out = new DataOutputStream(connection.getOutputStream());
			while (!this.closed) {
				int length = in.readUnsignedShort();
				byte[] message = new byte[length];
				in.readFully(message);
				byte[] answer = this.resolver.answer(message, length, true, connection.getInetAddress());
				if (answer == null) {
					return;
				}
				out.writeShort(answer.length);
				out.write(answer);
				out.flush();
			}
		}
		catch (EOFException | SocketException ex) {
			// the client is done
		}
		catch (IOException ex) {
			log.debug("DNS over TCP: {}", ex.getMessage());
		}
	}

	@Override
	public void close() {
		this.closed = true;
		if (this.udp != null) {
			this.udp.close();
		}
		if (this.tcp != null) {
			try {
				this.tcp.close();
			}
			catch (IOException ex) {
				log.debug("Closing DNS over TCP: {}", ex.getMessage());
			}
		}
		this.workers.shutdownNow();
	}

	private static Thread daemon(String name, Runnable body) {
		Thread thread = new Thread(body, name);
		thread.setDaemon(true);
		return thread;
	}

}
