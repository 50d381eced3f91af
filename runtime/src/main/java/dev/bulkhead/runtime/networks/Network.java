package dev.bulkhead.runtime.networks;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One bridge network as recorded in {@code <data-root>/networks/<name>.json}.
 *
 * @param bridge the Linux bridge's name, unique per server (see {@link BridgeNames})
 * @param subnet the IPv4 subnet in CIDR form
 * @param gateway the bridge's address, which containers route through
 * @param internal no route out and no masquerading: containers reach only each other
 * @param team the owning team's name; null for a network every team shares (the default
 * network, and networks made before networks had owners), which only admins change
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Network(String name, String bridge, String subnet, String gateway, int mtu, boolean internal,
		Instant created, String team) {

	/** A shared network. */
	public Network(String name, String bridge, String subnet, String gateway, int mtu, boolean internal,
			Instant created) {
		this(name, bridge, subnet, gateway, mtu, internal, created, null);
	}

}
