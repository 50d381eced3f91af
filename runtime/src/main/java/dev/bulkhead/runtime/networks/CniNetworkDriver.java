package dev.bulkhead.runtime.networks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.runner.CommandRunner;
import dev.bulkhead.runtime.state.AtomicFiles;
import dev.bulkhead.runtime.state.FileTrees;

/**
 * Bridge networks made with the CNI reference plugins. Each network is a record and a
 * generated conflist under {@code <data-root>/networks}; address leases live under
 * {@code <run-root>/cni/ipam} and each container's ADD result (needed for its DEL) under
 * {@code <run-root>/cni/results}, so two servers never share state.
 */
public final class CniNetworkDriver implements NetworkDriver {

	private static final Logger log = LoggerFactory.getLogger(CniNetworkDriver.class);

	static final String IFNAME = "eth0";

	private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}");

	private final Path networksDir;

	private final Path ipamDir;

	private final Path resultsDir;

	private final Path dataRoot;

	private final String defaultSubnet;

	private final CniPlugins plugins;

	private final CommandRunner commands;

	private final JsonMapper json;

	private final HostRoutes routes;

	private final HostFirewall firewall;

	/** Networks whose firewall rules this process has made sure of. */
	private final java.util.Set<String> protectedNetworks = java.util.concurrent.ConcurrentHashMap.newKeySet();

	/**
	 * @param routeTable the host's {@code /proc/net/route}: new subnets must not overlap
	 * a route the host already has
	 */
	public CniNetworkDriver(Path dataRoot, Path runRoot, String defaultSubnet, CniPlugins plugins,
			CommandRunner commands, JsonMapper json, Path routeTable) {
		this.routes = new HostRoutes(routeTable);
		this.dataRoot = dataRoot;
		this.networksDir = dataRoot.resolve("networks");
		this.ipamDir = runRoot.resolve("cni/ipam");
		this.resultsDir = runRoot.resolve("cni/results");
		this.defaultSubnet = defaultSubnet;
		this.plugins = plugins;
		this.commands = commands;
		this.json = json;
		this.firewall = new HostFirewall(commands);
	}

	@Override
	public synchronized Network create(NetworkSpec spec) {
		if (spec.name() == null || !NAME.matcher(spec.name()).matches() || spec.name().equals(NONE)
				|| spec.name().equals(HOST)) {
			throw new InvalidArgumentException("network name '" + spec.name()
					+ "' is not valid: use letters, digits, '_', '.' and '-' (and not 'none' or 'host')");
		}
		if (Files.exists(recordFile(spec.name()))) {
			throw new ConflictException("a network named '" + spec.name() + "' already exists");
		}
		if (spec.subnet() == null || spec.subnet().isBlank()) {
			throw new InvalidArgumentException(
					"network '" + spec.name() + "': 'subnet' is required, e.g. 10.214.0.0/24");
		}
		Subnets.Cidr cidr = Subnets.parse(spec.subnet());
		String gateway = (spec.gateway() != null) ? spec.gateway() : cidr.firstHost();
		if (!cidr.contains(gateway)) {
			throw new InvalidArgumentException(
					"network '" + spec.name() + "': gateway " + gateway + " is not in subnet " + cidr);
		}
		int mtu = (spec.mtu() != null) ? spec.mtu() : 1500;
		if (mtu < 576 || mtu > 9000) {
			throw new InvalidArgumentException(
					"network '" + spec.name() + "': mtu " + mtu + " is out of range 576-9000");
		}
		for (Network other : list()) {
			if (Subnets.parse(other.subnet()).overlaps(cidr)) {
				throw new ConflictException("subnet " + cidr + " overlaps network '" + other.name() + "' ("
						+ other.subnet() + "); choose another subnet");
			}
		}
		this.routes.overlapping(cidr).ifPresent((route) -> {
			throw new ConflictException("subnet " + cidr + " overlaps the host's route to " + route.destination()
					+ " on " + route.iface() + "; choose another subnet");
		});
		Network network = new Network(spec.name(), BridgeNames.derive(this.dataRoot, spec.name()), cidr.toString(),
				gateway, mtu, spec.internal(), Instant.now(), spec.team());
		AtomicFiles.write(conflistFile(network.name()),
				this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(conflist(network)));
		AtomicFiles.write(recordFile(network.name()),
				this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(network));
		try {
			this.firewall.protect(network);
			this.protectedNetworks.add(network.name());
		}
		catch (RuntimeException ex) {
			this.firewall.forget(network);
			deleteFile(conflistFile(network.name()));
			deleteFile(recordFile(network.name()));
			throw ex;
		}
		return network;
	}

	@Override
	public synchronized List<Network> list() {
		List<Network> networks = new ArrayList<>();
		if (!Files.isDirectory(this.networksDir)) {
			return networks;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.networksDir, "*.json")) {
			for (Path file : files) {
				networks.add(this.json.readValue(file.toFile(), Network.class));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + this.networksDir, ex);
		}
		networks.sort(Comparator.comparing(Network::name));
		return networks;
	}

	@Override
	public synchronized Network get(String name) {
		Path file = recordFile(name);
		if (!Files.exists(file)) {
			if (DEFAULT_NETWORK.equals(name)) {
				return create(new NetworkSpec(DEFAULT_NETWORK, defaultSubnetFree(), null, null, false));
			}
			throw new NotFoundException(
					"network '" + name + "' does not exist; create it first or leave 'network' out");
		}
		return this.json.readValue(file.toFile(), Network.class);
	}

	@Override
	public synchronized void remove(String name) {
		Network network = get(name);
		CommandRunner.Result result = this.commands.run(List.of("ip", "link", "delete", network.bridge()));
		if (result.exitCode() != 0 && !result.stderr().contains("Cannot find device")) {
			log.warn("Could not delete bridge {} of network {}: {}", network.bridge(), name, result.stderr().strip());
		}
		this.firewall.forget(network);
		this.protectedNetworks.remove(name);
		FileTrees.delete(this.ipamDir.resolve(name));
		deleteFile(conflistFile(name));
		deleteFile(recordFile(name));
	}

	@Override
	public NetworkAttachment attach(String containerId, Path netns, String networkName, List<PortMapping> ports) {
		// loopback is already up: NetworkNamespaces brings it up as it makes the
		// namespace
		Network network = protectedNetwork(networkName);
		return add(containerId, netns, network, IFNAME, ports);
	}

	@Override
	public NetworkAttachment connect(String containerId, Path netns, String networkName, String ifName) {
		return add(containerId, netns, protectedNetwork(networkName), ifName, List.of());
	}

	@Override
	public void detach(String containerId, Path netns, String networkName, List<PortMapping> ports) {
		del(containerId, netns, networkName, IFNAME, ports);
	}

	@Override
	public void disconnect(String containerId, Path netns, String networkName, String ifName) {
		del(containerId, netns, networkName, ifName, List.of());
	}

	private Network protectedNetwork(String networkName) {
		Network network = get(networkName);
		if (this.protectedNetworks.add(network.name())) {
			// networks made before isolation existed, or rules lost with a host reboot
			try {
				this.firewall.protect(network);
			}
			catch (RuntimeException ex) {
				this.protectedNetworks.remove(network.name());
				throw ex;
			}
		}
		return network;
	}

	private NetworkAttachment add(String containerId, Path netns, Network network, String ifName,
			List<PortMapping> ports) {
		String resultJson = this.plugins.add(conflist(network, ports), containerId, netns, ifName,
				runtimeConfig(ports));
		AtomicFiles.write(resultFile(containerId, ifName),
				resultJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		CniResult result = this.json.readValue(resultJson, CniResult.class);
		CniResult.Ip ip = result.containerIpv4(ifName);
		return new NetworkAttachment(network.name(), ip.addressWithoutPrefix(), ip.prefixLength(), ip.gateway(),
				result.containerInterface(ifName).mac(), ports, ifName, network.mtu(), null);
	}

	private void del(String containerId, Path netns, String networkName, String ifName, List<PortMapping> ports) {
		Path resultFile = resultFile(containerId, ifName);
		String prevResult = null;
		try {
			if (Files.exists(resultFile)) {
				prevResult = Files.readString(resultFile);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + resultFile, ex);
		}
		Path record = recordFile(networkName);
		if (Files.exists(record)) {
			Network network = this.json.readValue(record.toFile(), Network.class);
			this.plugins.del(conflist(network, ports), containerId, Files.exists(netns) ? netns : null, ifName,
					runtimeConfig(ports), prevResult);
		}
		deleteFile(resultFile);
	}

	/**
	 * eth0's result keeps its old name, so containers started before connect existed
	 * detach.
	 */
	private Path resultFile(String containerId, String ifName) {
		return this.resultsDir
			.resolve(IFNAME.equals(ifName) ? containerId + ".json" : containerId + "-" + ifName + ".json");
	}

	/**
	 * The configured default subnet, or when the host already routes it (another server's
	 * default network, a VPN) the next block of the same size that is free, as Docker
	 * does with its address pool.
	 */
	private String defaultSubnetFree() {
		Subnets.Cidr configured = Subnets.parse(this.defaultSubnet);
		long size = 1L << (32 - configured.prefix());
		List<Subnets.Cidr> taken = new ArrayList<>();
		list().forEach((n) -> taken.add(Subnets.parse(n.subnet())));
		this.routes.routes().forEach((r) -> taken.add(r.destination()));
		for (int step = 0; step < 64; step++) {
			long base = configured.base() + step * size;
			if (base + size > 0xFFFFFFFFL) {
				break;
			}
			Subnets.Cidr candidate = new Subnets.Cidr(base, configured.prefix());
			if (taken.stream().noneMatch(candidate::overlaps)) {
				if (step > 0) {
					log.info("Default subnet {} is already routed on this host; the default network uses {}",
							configured, candidate);
				}
				return candidate.toString();
			}
		}
		throw new ConflictException("the default subnet " + configured
				+ " and the 63 blocks after it are all routed on this host; set bulkhead.networks.default-subnet");
	}

	private Map<String, Object> conflist(Network network) {
		return CniConflist.of(network, this.ipamDir);
	}

	/**
	 * The conflist for one attachment: without ports to publish, portmap has nothing to
	 * do, so it is left out of both ADD and DEL (one process less each way).
	 */
	private Map<String, Object> conflist(Network network, List<PortMapping> ports) {
		Map<String, Object> conflist = conflist(network);
		if (ports.isEmpty()) {
			List<Object> plugins = new ArrayList<>((List<?>) conflist.get("plugins"));
			plugins.removeIf((p) -> p instanceof Map<?, ?> m && "portmap".equals(m.get("type")));
			conflist.put("plugins", plugins);
		}
		return conflist;
	}

	private static Map<String, Object> runtimeConfig(List<PortMapping> ports) {
		List<Map<String, Object>> mappings = new ArrayList<>();
		for (PortMapping port : ports) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("hostPort", port.hostPort());
			m.put("containerPort", port.containerPort());
			m.put("protocol", port.protocol());
			if (!port.anyAddress()) {
				m.put("hostIP", port.hostIp());
			}
			mappings.add(m);
		}
		return Map.of("portMappings", mappings);
	}

	private Path recordFile(String name) {
		return this.networksDir.resolve(name + ".json");
	}

	private Path conflistFile(String name) {
		return this.networksDir.resolve(name + ".conflist");
	}

	private static void deleteFile(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot delete " + file, ex);
		}
	}

}
