package dev.bulkhead.runtime.networks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host's IPv4 routes from {@code /proc/net/route}, so a new network's subnet does not
 * shadow a network the host (or another Bulkhead server) already reaches. The default
 * route is left out: it overlaps everything.
 */
final class HostRoutes {

	private final Path routeTable;

	HostRoutes(Path routeTable) {
		this.routeTable = routeTable;
	}

	record Route(String iface, Subnets.Cidr destination) {
	}

	/** The first route whose destination overlaps the subnet. */
	Optional<Route> overlapping(Subnets.Cidr subnet) {
		return routes().stream().filter((r) -> r.destination().overlaps(subnet)).findFirst();
	}

	List<Route> routes() {
		if (!Files.exists(this.routeTable)) {
			return List.of();
		}
		try {
			return parse(Files.readString(this.routeTable));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + this.routeTable, ex);
		}
	}

	static List<Route> parse(String table) {
		List<Route> routes = new ArrayList<>();
		String[] lines = table.split("\n");
		for (int i = 1; i < lines.length; i++) {
			String[] f = lines[i].trim().split("\\s+");
			if (f.length < 8) {
				continue;
			}
			long destination = littleEndian(f[1]);
			int prefix = Long.bitCount(littleEndian(f[7]));
			if (prefix == 0) {
				continue;
			}
			routes.add(new Route(f[0], new Subnets.Cidr(destination, prefix)));
		}
		return routes;
	}

	private static long littleEndian(String hex) {
		long value = Long.parseLong(hex, 16);
		return ((value & 0xFF) << 24) | ((value & 0xFF00) << 8) | ((value >> 8) & 0xFF00) | ((value >> 24) & 0xFF);
	}

}
