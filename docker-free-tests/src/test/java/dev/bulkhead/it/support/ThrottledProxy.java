package dev.bulkhead.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of a registry that sends the registry's answers at
 * most {@code bytesPerSecond} (0: unlimited, changeable at any time), so that a test can
 * catch a pull in the middle of a large layer.
 */
public final class ThrottledProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String upstreamHost;

	private final int upstreamPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile long bytesPerSecond;

	public ThrottledProxy(String upstream, long bytesPerSecond) {
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.upstreamHost = upstream.substring(0, upstream.lastIndexOf(':'));
		this.upstreamPort = Integer.parseInt(upstream.substring(upstream.lastIndexOf(':') + 1));
		this.bytesPerSecond = bytesPerSecond;
		Thread acceptor = new Thread(this::accept, "throttled-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** {@code 127.0.0.1:port}, as references name it. */
	public String host() {
		return "127.0.0.1:" + this.server.getLocalPort();
	}

	public void rate(long bytesPerSecond) {
		this.bytesPerSecond = bytesPerSecond;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(this.upstreamHost, this.upstreamPort);
				this.sockets.add(client);
				this.sockets.add(upstream);
				pump(client, upstream, false);
				pump(upstream, client, true);
			}
			catch (IOException ex) {
				// Closed, or the upstream refused: the client sees its connection drop.
			}
		}
	}

	private void pump(Socket from, Socket to, boolean throttled) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			long started = System.nanoTime();
			long sent = 0;
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int n;
				while ((n = in.read(buffer)) >= 0) {
					out.write(buffer, 0, n);
					out.flush();
					sent += n;
					long rate = this.bytesPerSecond;
					if (throttled && rate > 0) {
						long dueNanos = sent * 1_000_000_000L / rate;
						long aheadMillis = (dueNanos - (System.nanoTime() - started)) / 1_000_000;
						if (aheadMillis > 0) {
							Thread.sleep(aheadMillis);
						}
					}
				}
			}
			catch (IOException | InterruptedException ex) {
				// One side went away; closing both ends below tells the other.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "throttled-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
		this.sockets.forEach(ThrottledProxy::closeQuietly);
	}

}
