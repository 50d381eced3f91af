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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkAttachment(String network, String ipAddress, int prefixLength, String gateway, String macAddress,
		List<PortMapping> ports) {

	public NetworkAttachment {
		ports = (ports != null) ? List.copyOf(ports) : List.of();
	}

}
