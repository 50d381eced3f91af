package dev.bulkhead.runtime.networks;

/**
 * What a user asks for when creating a network; a null gateway is the subnet's first
 * address and a null MTU is 1500.
 *
 * @param team the owning team's name, or null for a shared network
 */
public record NetworkSpec(String name, String subnet, String gateway, Integer mtu, boolean internal, String team) {

	/** A shared network. */
	public NetworkSpec(String name, String subnet, String gateway, Integer mtu, boolean internal) {
		this(name, subnet, gateway, mtu, internal, null);
	}

}
