package dev.bulkhead.runtime.networks.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS servers of all user-defined networks of one Bulkhead server. A network's server
 * starts when its first container is registered (its bridge and gateway address exist by
 * then, made by the CNI bridge plugin) and stops when the network is removed or Bulkhead
 * shuts down. The names follow containers: {@link #register} at start or connect,
 * {@link #unregister} at exit or disconnect.
 */
public final class EmbeddedDns implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDns.class);

	private final int port;

	private final UpstreamResolvers upstream;

	private final Map<String, DnsRecords> records = new HashMap<>();

	private final Map<String, DnsServer> servers = new HashMap<>();

	/**
	 * @param port 53, or another port for tests
	 */
	public EmbeddedDns(int port, UpstreamResolvers upstream) {
		this.port = port;
		this.upstream = upstream;
	}

	/**
	 * Makes the container's names resolve to its address on the network, starting the
	 * network's server on its gateway when it is not running yet. A server that cannot
	 * listen is reported in the log and tried again at the next registration; the
	 * container still runs, reachable by address. Only clients in {@code subnet} are
	 * answered; on an {@code internal} network other names are not forwarded.
	 */
	public synchronized void register(String network, String gateway, String subnet, boolean internal,
			String containerId, Collection<String> names, String address) {
		DnsRecords networkRecords = this.records.computeIfAbsent(network, (n) -> new DnsRecords());
		networkRecords.put(containerId, names, ipv4(address));
		if (!this.servers.containsKey(network)) {
			try {
				this.servers
					.put(network,
							new DnsServer(ipv4(gateway), this.port,
									new NetworkResolver((name, client) -> find(network, name, client),
											internal ? null : this.upstream, Ipv4Subnet.parse(subnet)::contains))
								.start());
				log.info("DNS for network {} listens on {}:{}", network, gateway, this.port);
			}
			catch (RuntimeException ex) {
				log.warn("Containers on network {} cannot resolve each other's names: {} ({})", network,
						ex.getMessage(), (ex.getCause() != null) ? ex.getCause().getMessage() : "");
			}
		}
	}

	/**
	 * A name as a container on {@code network} sees it: the network's own names first,
	 * then those of the other user-defined networks the asking container is connected to
	 * (it asks only the DNS server of the network it was started on).
	 */
	private List<Inet4Address> find(String network, String name, InetAddress client) {
		List<DnsRecords> others = new ArrayList<>();
		DnsRecords own;
		synchronized (this) {
			own = this.records.get(network);
			this.records.forEach((n, r) -> {
				if (!n.equals(network)) {
					others.add(r);
				}
			});
		}
		if (own == null) {
			return List.of();
		}
		List<Inet4Address> found = own.lookup(name);
		if (!found.isEmpty() || client == null) {
			return found;
		}
		Optional<String> asking = own.containerAt(client);
		if (asking.isEmpty()) {
			return found;
		}
		for (DnsRecords other : others) {
			if (other.has(asking.get())) {
				List<Inet4Address> there = other.lookup(name);
				if (!there.isEmpty()) {
					return there;
				}
			}
		}
		return found;
	}

	/** Forgets the container's names on the network. */
	public synchronized void unregister(String network, String containerId) {
		DnsRecords networkRecords = this.records.get(network);
		if (networkRecords != null) {
			networkRecords.remove(containerId);
		}
	}

	/**
	 * The port the network's server listens on (53 unless made with port 0 for tests).
	 */
	synchronized int port(String network) {
		return this.servers.get(network).port();
	}

	/** Whether the network's server is listening. */
	public synchronized boolean isServing(String network) {
		return this.servers.containsKey(network);
	}

	/**
	 * Stops the network's server and forgets its names (the network is being removed).
	 */
	public synchronized void stop(String network) {
		DnsServer server = this.servers.remove(network);
		if (server != null) {
			server.close();
		}
		this.records.remove(network);
	}

	@Override
	public synchronized void close() {
		this.servers.values().forEach(DnsServer::close);
		this.servers.clear();
		this.records.clear();
	}

	private static Inet4Address ipv4(String address) {
		try {
			if (InetAddress.getByName(address) instanceof Inet4Address v4) {
				return v4;
			}
		}
		catch (UnknownHostException ex) {
			// reported below
		}
		throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
	}

}
