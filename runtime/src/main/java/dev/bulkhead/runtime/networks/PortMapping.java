package dev.bulkhead.runtime.networks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One published port. A {@code hostPort} of 0 asks for a free port, chosen at start.
 *
 * @param hostIp the host address to listen on; {@code 0.0.0.0} for all
 * @param protocol {@code tcp} or {@code udp}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {

	public static final String ANY_ADDRESS = "0.0.0.0";

	public boolean anyAddress() {
		return ANY_ADDRESS.equals(this.hostIp);
	}

	public PortMapping withHostPort(int port) {
		return new PortMapping(this.hostIp, port, this.containerPort, this.protocol);
	}

	/** How messages name it: {@code 127.0.0.1:8080/tcp} or {@code 8080/tcp}. */
	public String hostSide() {
		return (anyAddress() ? "" : this.hostIp + ":") + this.hostPort + "/" + this.protocol;
	}

}
