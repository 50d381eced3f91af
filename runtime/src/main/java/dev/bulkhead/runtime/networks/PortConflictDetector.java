package dev.bulkhead.runtime.networks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.bulkhead.runtime.errors.ConflictException;

/**
 * Finds out whether a host port is already held by a process, and which one, from
 * {@code /proc/net/{tcp,tcp6,udp,udp6}} (socket inode) and {@code /proc/<pid>/fd} (which
 * process holds that inode), so a refusal can name the holder.
 */
public final class PortConflictDetector {

	private static final String TCP_LISTEN = "0A";

	private final Path proc;

	public PortConflictDetector(Path proc) {
		this.proc = proc;
	}

	/** A bound socket as one line of {@code /proc/net/*} shows it. */
	public record BoundSocket(String address, int port, long inode) {

		boolean wildcard() {
			return this.address.equals("0.0.0.0") || this.address.equals("::");
		}

	}

	/**
	 * Throws a conflict naming the holding process when the host side of a port is taken.
	 */
	public void requireFree(PortMapping port) {
		Optional<BoundSocket> holder = holder(port);
		if (holder.isEmpty()) {
			return;
		}
		String who = holderProcess(holder.get().inode()).map((p) -> "pid " + p.pid() + " (" + p.commandLine() + ")")
			.orElse("a process this server cannot see");
		throw new ConflictException("host port " + port.hostSide() + " is already in use by " + who
				+ "; choose another port or stop that process");
	}

	/** The socket holding the port's host side, if any. */
	public Optional<BoundSocket> holder(PortMapping port) {
		List<BoundSocket> sockets = new ArrayList<>();
		if (port.protocol().equals("tcp")) {
			sockets.addAll(read(this.proc.resolve("net/tcp"), true));
			sockets.addAll(read(this.proc.resolve("net/tcp6"), true));
		}
		else {
			sockets.addAll(read(this.proc.resolve("net/udp"), false));
			sockets.addAll(read(this.proc.resolve("net/udp6"), false));
		}
		return sockets.stream()
			.filter((s) -> s.port() == port.hostPort())
			.filter((s) -> s.wildcard() || port.anyAddress() || s.address().equals(port.hostIp())
					|| s.address().equals("::ffff:" + port.hostIp()))
			.findFirst();
	}

	/** A free host port for the mapping's protocol and address, chosen by the kernel. */
	public int freePort(PortMapping port) {
		try {
			InetAddress address = InetAddress.getByName(port.hostIp());
			if (port.protocol().equals("udp")) {
				try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
					return socket.getLocalPort();
				}
			}
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(address, 0));
				return socket.getLocalPort();
			}
		}
		catch (IOException ex) {
			throw new ConflictException("no free host port for " + port.protocol() + " on " + port.hostIp() + ": "
					+ ex.getMessage() + "; publish a fixed port instead", ex);
		}
	}

	/**
	 * Parses one {@code /proc/net/*} table: TCP sockets in LISTEN state, and every bound
	 * UDP socket.
	 */
	static List<BoundSocket> parse(String table, boolean tcp) {
		List<BoundSocket> sockets = new ArrayList<>();
		String[] lines = table.split("\n");
		for (int i = 1; i < lines.length; i++) {
			String[] f = lines[i].trim().split("\\s+");
			if (f.length < 10) {
				continue;
			}
			if (tcp && !f[3].equals(TCP_LISTEN)) {
				continue;
			}
			int colon = f[1].indexOf(':');
			String address = decodeAddress(f[1].substring(0, colon));
			int port = Integer.parseInt(f[1].substring(colon + 1), 16);
			sockets.add(new BoundSocket(address, port, Long.parseLong(f[9])));
		}
		return sockets;
	}

	/**
	 * The kernel prints addresses as 32-bit words in host (little-endian) byte order.
	 */
	static String decodeAddress(String hex) {
		byte[] bytes = new byte[hex.length() / 2];
		for (int word = 0; word < bytes.length / 4; word++) {
			for (int b = 0; b < 4; b++) {
				int at = word * 8 + (3 - b) * 2;
				bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
			}
		}
		try {
			String text = InetAddress.getByAddress(bytes).getHostAddress();
			if (bytes.length == 16) {
				return ipv6Text(bytes, text);
			}
			return text;
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalArgumentException("not an address: " + hex, ex);
		}
	}

	private static String ipv6Text(byte[] bytes, String javaText) {
		boolean allZero = true;
		for (byte b : bytes) {
			allZero &= (b == 0);
		}
		if (allZero) {
			return "::";
		}
		boolean mapped = true;
		for (int i = 0; i < 10; i++) {
			mapped &= (bytes[i] == 0);
		}
		mapped &= (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff);
		if (mapped) {
			return "::ffff:" + (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "."
					+ (bytes[15] & 0xff);
		}
		return javaText;
	}

	/** The process whose file table holds {@code socket:[inode]}. */
	public Optional<Holder> holderProcess(long inode) {
		String target = "socket:[" + inode + "]";
		try (DirectoryStream<Path> pids = Files.newDirectoryStream(this.proc, "[0-9]*")) {
			for (Path pidDir : pids) {
				if (holds(pidDir.resolve("fd"), target)) {
					int pid = Integer.parseInt(pidDir.getFileName().toString());
					return Optional.of(new Holder(pid, commandLine(pidDir)));
				}
			}
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		return Optional.empty();
	}

	/** A process holding a port. */
	public record Holder(int pid, String commandLine) {
	}

	private static boolean holds(Path fdDir, String target) {
		try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
			for (Path fd : fds) {
				try {
					if (Files.readSymbolicLink(fd).toString().equals(target)) {
						return true;
					}
				}
				catch (IOException ex) {
					// the descriptor was closed while we looked
				}
			}
		}
		catch (IOException ex) {
			// the process ended, or is not ours to read
		}
		return false;
	}

	private static String commandLine(Path pidDir) {
		try {
			byte[] raw = Files.readAllBytes(pidDir.resolve("cmdline"));
			String text = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
			if (text.length() > 200) {
				text = text.substring(0, 200) + "...";
			}
			return text.isEmpty() ? "?" : text;
		}
		catch (IOException ex) {
			return "?";
		}
	}

	private static List<BoundSocket> read(Path table, boolean tcp) {
		try {
			return parse(Files.readString(table), tcp);
		}
		catch (IOException ex) {
			// no IPv6 on this host, for example
			return List.of();
		}
	}

}
