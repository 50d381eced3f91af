package dev.bulkhead.runtime.networks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /etc/resolv.conf} a container sees: the host's, except that nameservers on a
 * loopback address (systemd-resolved's {@code 127.0.0.53}, a local dnsmasq) cannot be
 * reached from the container's own network namespace. Those are replaced by the upstream
 * servers systemd-resolved lists, when there is such a list, and otherwise left out with
 * a comment saying so.
 */
public final class ResolvConf {

	private final Path hostFile;

	private final Path resolvedUpstreamFile;

	public ResolvConf(Path hostFile, Path resolvedUpstreamFile) {
		this.hostFile = hostFile;
		this.resolvedUpstreamFile = resolvedUpstreamFile;
	}

	/** The host's files at their usual places. */
	public static ResolvConf ofHost() {
		return new ResolvConf(Path.of("/etc/resolv.conf"), Path.of("/run/systemd/resolve/resolv.conf"));
	}

	/** The host's file as it is. */
	public String host() {
		return read(this.hostFile);
	}

	/** The file's content for a container. */
	public String forContainer() {
		String host = read(this.hostFile);
		if (!hasLoopbackNameserver(host)) {
			return host;
		}
		String upstream = read(this.resolvedUpstreamFile);
		if (!upstream.isEmpty() && !hasLoopbackNameserver(upstream) && upstream.contains("nameserver")) {
			return upstream;
		}
		return withoutLoopbackNameservers(host);
	}

	/**
	 * The file's content for a container on a user-defined network: the network's
	 * embedded DNS server on its gateway as the only nameserver, with the host's search
	 * domains and options.
	 */
	public String forNetwork(String network, String gateway) {
		StringBuilder out = new StringBuilder();
		out.append("# Bulkhead's DNS server of network ")
			.append(network)
			.append(": container names and aliases, other names through the host's resolvers\n");
		out.append("nameserver ").append(gateway).append('\n');
		for (String line : read(this.hostFile).split("\n")) {
			String trimmed = line.trim();
			if (trimmed.startsWith("search ") || trimmed.startsWith("domain ") || trimmed.startsWith("options ")) {
				out.append(trimmed).append('\n');
			}
		}
		return out.toString();
	}

	static String withoutLoopbackNameservers(String text) {
		List<String> lines = new ArrayList<>();
		for (String line : text.split("\n", -1)) {
			String address = nameserver(line);
			if (address != null && isLoopback(address)) {
				lines.add("# Bulkhead left out nameserver " + address
						+ ": a loopback address on the host cannot be reached from the container");
			}
			else {
				lines.add(line);
			}
		}
		return String.join("\n", lines);
	}

	static boolean hasLoopbackNameserver(String text) {
		for (String line : text.split("\n")) {
			String address = nameserver(line);
			if (address != null && isLoopback(address)) {
				return true;
			}
		}
		return false;
	}

	private static String nameserver(String line) {
		String[] fields = line.trim().split("\\s+");
		return (fields.length >= 2 && fields[0].equals("nameserver")) ? fields[1] : null;
	}

	private static boolean isLoopback(String address) {
		return address.startsWith("127.") || address.equals("::1");
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

}
