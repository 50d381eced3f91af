package dev.bulkhead.runtime.networks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CNI network configuration list of a Bulkhead network: bridge with host-local IPAM
 * (the bridge plugin also gives both ends of the veth the network's MTU), portmap for
 * published ports, firewall so forwarded traffic is allowed. No tuning plugin: it would
 * only set the MTU again, and every plugin is one more process per start. An internal
 * network has no default route and no masquerading, and publishes no ports.
 */
public final class CniConflist {

	public static final String CNI_VERSION = "1.0.0";

	private CniConflist() {
	}

	/** The conflist as a JSON-ready tree, plugins in ADD order. */
	public static Map<String, Object> of(Network network, Path ipamDataDir) {
		Map<String, Object> conflist = new LinkedHashMap<>();
		conflist.put("cniVersion", CNI_VERSION);
		conflist.put("name", network.name());
		List<Object> plugins = new ArrayList<>();
		Map<String, Object> bridge = new LinkedHashMap<>();
		bridge.put("type", "bridge");
		bridge.put("bridge", network.bridge());
		// An internal network's bridge has the gateway address too, for the embedded DNS
		// server; with no default route and no masquerading nothing leaves through it.
		bridge.put("isGateway", true);
		bridge.put("ipMasq", !network.internal());
		bridge.put("hairpinMode", true);
		bridge.put("mtu", network.mtu());
		Map<String, Object> ipam = new LinkedHashMap<>();
		ipam.put("type", "host-local");
		ipam.put("dataDir", ipamDataDir.toString());
		Map<String, Object> range = new LinkedHashMap<>();
		range.put("subnet", network.subnet());
		range.put("gateway", network.gateway());
		ipam.put("ranges", List.of(List.of(range)));
		if (!network.internal()) {
			ipam.put("routes", List.of(Map.of("dst", "0.0.0.0/0")));
		}
		bridge.put("ipam", ipam);
		plugins.add(bridge);
		if (!network.internal()) {
			Map<String, Object> portmap = new LinkedHashMap<>();
			portmap.put("type", "portmap");
			portmap.put("snat", true);
			portmap.put("capabilities", Map.of("portMappings", true));
			plugins.add(portmap);
		}
		Map<String, Object> firewall = new LinkedHashMap<>();
		firewall.put("type", "firewall");
		firewall.put("backend", "iptables");
		plugins.add(firewall);
		conflist.put("plugins", plugins);
		return conflist;
	}

}
