package dev.bulkhead.runtime.networks;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a running container is attached to its network, as CNI reported it.
 *
 * @param ipAddress the container's IPv4 address (without prefix length)
 * @param prefixLength the subnet's prefix length
 * @param ports the published ports with random host ports resolved
 * @param interfaceName the interface inside the container ({@code eth0} for the network
 * it was started on, {@code eth1}... for networks connected while it runs)
 * @param mtu the network's MTU
 * @param aliases the names given at connect, beside the container's own
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkAttachment(String network, String ipAddress, int prefixLength, String gateway, String macAddress,
		List<PortMapping> ports, String interfaceName, Integer mtu, List<String> aliases) {

	public NetworkAttachment {
		ports = (ports != null) ? List.copyOf(ports) : List.of();
		aliases = (aliases != null) ? List.copyOf(aliases) : List.of();
	}

	/** The primary attachment as recorded before connect existed. */
	public NetworkAttachment(String network, String ipAddress, int prefixLength, String gateway, String macAddress,
			List<PortMapping> ports) {
		this(network, ipAddress, prefixLength, gateway, macAddress, ports, null, null, null);
	}

	/** The interface's name; records from before connect existed are eth0. */
	public String ifName() {
		return (this.interfaceName != null) ? this.interfaceName : "eth0";
	}

}
