package dev.bulkhead.runtime.networks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.networks.dns.EmbeddedDns;

/**
 * What the container lifecycle asks of networking, in its order: {@link #admit} at
 * create, {@link #prepareNamespace} before the OCI runtime creates the container,
 * {@link #attach} between create and start, and {@link #release} once it exited or is
 * removed (network namespace file, CNI attachment and published ports go together).
 */
public final class ContainerNetworking implements AutoCloseable {

	private final NetworkDriver driver;

	private final NetworkNamespaces namespaces;

	private final PortConflictDetector ports;

	private final EmbeddedDns dns;

	private final ResolvConf resolvConf;

	/** Without name resolution between containers. */
	public ContainerNetworking(NetworkDriver driver, NetworkNamespaces namespaces, PortConflictDetector ports) {
		this(driver, namespaces, ports, null, ResolvConf.ofHost());
	}

	/**
	 * @param dns the DNS servers of user-defined networks, or null for none
	 * @param resolvConf what containers get as /etc/resolv.conf
	 */
	public ContainerNetworking(NetworkDriver driver, NetworkNamespaces namespaces, PortConflictDetector ports,
			EmbeddedDns dns, ResolvConf resolvConf) {
		this.driver = driver;
		this.namespaces = namespaces;
		this.ports = ports;
		this.dns = dns;
		this.resolvConf = resolvConf;
	}

	/**
	 * The container's /etc/resolv.conf: on a user-defined network the network's DNS
	 * server, otherwise (default network, none) the host's resolvers.
	 */
	public String resolvConf(String mode) {
		if (mode.equals(NetworkDriver.HOST)) {
			// in the host's namespace a loopback resolver is reachable: the file as it is
			return this.resolvConf.host();
		}
		if (this.dns != null && hasNames(mode)) {
			Network network = this.driver.get(mode);
			return this.resolvConf.forNetwork(network.name(), network.gateway());
		}
		return this.resolvConf.forContainer();
	}

	/**
	 * Whether containers on the network resolve each other's names: every network made
	 * with the API, not the default network (as with Docker's default bridge).
	 */
	public static boolean hasNames(String mode) {
		return isBridge(mode) && !mode.equals(NetworkDriver.DEFAULT_NETWORK);
	}

	/**
	 * Registers the names of a container that is still running after a server restart.
	 */
	public void restore(String containerId, List<String> names, String mode, NetworkAttachment attachment) {
		if (this.dns != null && attachment != null && hasNames(mode)) {
			Network network = this.driver.get(mode);
			this.dns.register(mode, network.gateway(), network.subnet(), network.internal(), containerId, names,
					attachment.ipAddress());
		}
	}

	/** Removes a network, first stopping its DNS server. */
	public void removeNetwork(String name) {
		if (this.dns != null) {
			this.dns.stop(name);
		}
		this.driver.remove(name);
	}

	@Override
	public void close() {
		if (this.dns != null) {
			this.dns.close();
		}
	}

	public NetworkDriver driver() {
		return this.driver;
	}

	/**
	 * Checks a create request and returns the network mode to record: {@code none} or a
	 * network's name (the default network when none is named). Fixed host ports are
	 * checked against listening processes and other containers before anything is made.
	 * @param published ports published by other containers, by container name
	 */
	public String admit(String requested, List<PortMapping> requestedPorts, Map<String, List<PortMapping>> published) {
		String mode = (requested == null || requested.isBlank()) ? NetworkDriver.DEFAULT_NETWORK : requested;
		if (!isBridge(mode)) {
			if (!requestedPorts.isEmpty()) {
				throw new InvalidArgumentException("ports: a container with network '" + mode
						+ "' cannot publish ports; leave 'network' out or name a bridge network");
			}
			if (mode.startsWith(NetworkDriver.CONTAINER_PREFIX)
					&& mode.length() == NetworkDriver.CONTAINER_PREFIX.length()) {
				throw new InvalidArgumentException(
						"network: 'container:' must name a container, as in 'container:web' or 'container:<id>'");
			}
			return mode;
		}
		Network network = this.driver.get(mode);
		if (network.internal() && !requestedPorts.isEmpty()) {
			throw new InvalidArgumentException("ports: network '" + mode
					+ "' is internal and cannot publish ports; use a network that is not internal");
		}
		requireFree(requestedPorts, published);
		return mode;
	}

	/**
	 * The persistent namespace the container will join, or null for modes none, host and
	 * container.
	 */
	public Path prepareNamespace(String containerId, String mode) {
		if (!isBridge(mode)) {
			return null;
		}
		return this.namespaces.create(containerId);
	}

	/**
	 * Resolves random host ports, checks the fixed ones again (time has passed since
	 * create), and connects the container's namespace to its network.
	 */
	public NetworkAttachment attach(String containerId, String mode, List<PortMapping> requestedPorts,
			Map<String, List<PortMapping>> published) {
		return attach(containerId, List.of(), mode, requestedPorts, published);
	}

	/**
	 * As {@link #attach(String, String, List, Map)}, and on a user-defined network the
	 * container answers to {@code names} (its name, aliases, short id) in the network's
	 * DNS from now until {@link #release}.
	 */
	public NetworkAttachment attach(String containerId, List<String> names, String mode,
			List<PortMapping> requestedPorts, Map<String, List<PortMapping>> published) {
		requireFree(requestedPorts, published);
		List<PortMapping> resolved = new ArrayList<>();
		for (PortMapping port : requestedPorts) {
			resolved.add((port.hostPort() == 0) ? port.withHostPort(this.ports.freePort(port)) : port);
		}
		NetworkAttachment attachment = this.driver.attach(containerId, this.namespaces.path(containerId), mode,
				resolved);
		restore(containerId, names, mode, attachment);
		return attachment;
	}

	/**
	 * Connects a running container to one more network: a new interface ({@code eth1},
	 * {@code eth2}...) in its namespace, and on a user-defined network its names and
	 * {@code aliases} in that network's DNS.
	 * @param current the networks it is connected to besides the one it started on
	 */
	public NetworkAttachment connect(String containerId, List<String> names, String mode, String network,
			List<String> aliases, List<NetworkAttachment> current) {
		if (!isBridge(mode) || !this.namespaces.exists(containerId)) {
			throw new ConflictException("the container's network is '" + mode
					+ "'; only a running container on a bridge network can be connected to another network");
		}
		Network target = this.driver.get(network);
		if (target.name().equals(mode) || current.stream().anyMatch((a) -> a.network().equals(target.name()))) {
			throw new ConflictException("the container is already connected to network '" + target.name() + "'");
		}
		int index = 1;
		while (ifNameTaken("eth" + index, current)) {
			index++;
		}
		NetworkAttachment made = this.driver.connect(containerId, this.namespaces.path(containerId), target.name(),
				"eth" + index);
		NetworkAttachment attachment = new NetworkAttachment(made.network(), made.ipAddress(), made.prefixLength(),
				made.gateway(), made.macAddress(), made.ports(), made.interfaceName(), made.mtu(), aliases);
		List<String> allNames = new ArrayList<>(names);
		allNames.addAll(attachment.aliases());
		restore(containerId, allNames, target.name(), attachment);
		return attachment;
	}

	/** Undoes {@link #connect} for one network. */
	public void disconnect(String containerId, NetworkAttachment connection) {
		if (this.dns != null) {
			this.dns.unregister(connection.network(), containerId);
		}
		this.driver.disconnect(containerId, this.namespaces.path(containerId), connection.network(),
				connection.ifName());
	}

	/**
	 * As {@link #release(String, String, List)}, disconnecting the networks connected
	 * while it ran first.
	 */
	public void release(String containerId, String mode, List<PortMapping> ports, List<NetworkAttachment> connections) {
		RuntimeException first = null;
		for (NetworkAttachment connection : connections) {
			try {
				disconnect(containerId, connection);
			}
			catch (RuntimeException ex) {
				first = (first == null) ? ex : first;
			}
		}
		release(containerId, mode, ports);
		if (first != null) {
			throw first;
		}
	}

	private static boolean ifNameTaken(String ifName, List<NetworkAttachment> current) {
		return current.stream().anyMatch((a) -> a.ifName().equals(ifName));
	}

	/** Whether the mode is a network (the default or a user-defined one). */
	public static boolean isBridge(String mode) {
		return !mode.equals(NetworkDriver.NONE) && !mode.equals(NetworkDriver.HOST)
				&& !mode.startsWith(NetworkDriver.CONTAINER_PREFIX);
	}

	/**
	 * Detaches the container (CNI DEL in reverse order) and removes its namespace file.
	 * Safe to call for a container that was never attached.
	 * @param ports the ports it published, as attached (random ones resolved) if known
	 */
	public void release(String containerId, String mode, List<PortMapping> ports) {
		if (!isBridge(mode)) {
			return;
		}
		if (this.dns != null) {
			this.dns.unregister(mode, containerId);
		}
		try {
			if (this.namespaces.exists(containerId)) {
				this.driver.detach(containerId, this.namespaces.path(containerId), mode, ports);
			}
		}
		finally {
			this.namespaces.remove(containerId);
		}
	}

	/** Whether the container still has a namespace file (attached or half attached). */
	public boolean hasNamespace(String containerId) {
		return this.namespaces.exists(containerId);
	}

	private void requireFree(List<PortMapping> requestedPorts, Map<String, List<PortMapping>> published) {
		for (PortMapping port : requestedPorts) {
			if (port.hostPort() == 0) {
				continue;
			}
			published.forEach((container, theirs) -> {
				for (PortMapping other : theirs) {
					if (other.hostPort() == port.hostPort() && other.protocol().equals(port.protocol())
							&& (other.anyAddress() || port.anyAddress() || other.hostIp().equals(port.hostIp()))) {
						throw new ConflictException(
								"host port " + port.hostSide() + " is already published by container '" + container
										+ "'; choose another port or stop that container");
					}
				}
			});
			this.ports.requireFree(port);
		}
	}

}
