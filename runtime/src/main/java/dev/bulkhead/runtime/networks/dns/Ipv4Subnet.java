package dev.bulkhead.runtime.networks.dns;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An IPv4 subnet in CIDR form, to tell whether a DNS client is on the network.
 */
record Ipv4Subnet(long base, int prefix) {

	static Ipv4Subnet parse(String cidr) {
		int slash = cidr.indexOf('/');
		if (slash < 0) {
			throw new IllegalArgumentException("'" + cidr + "' is not in CIDR form");
		}
		int prefix = Integer.parseInt(cidr.substring(slash + 1));
		String[] parts = cidr.substring(0, slash).split("\\.");
		if (parts.length != 4 || prefix < 0 || prefix > 32) {
			throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 subnet");
		}
		long address = 0;
		for (String part : parts) {
			address = (address << 8) | Integer.parseInt(part);
		}
		return new Ipv4Subnet(address & mask(prefix), prefix);
	}

	boolean contains(InetAddress address) {
		if (!(address instanceof Inet4Address)) {
			return false;
		}
		byte[] bytes = address.getAddress();
		long value = ((bytes[0] & 0xFFL) << 24) | ((bytes[1] & 0xFFL) << 16) | ((bytes[2] & 0xFFL) << 8)
				| (bytes[3] & 0xFFL);
		return (value & mask(this.prefix)) == this.base;
	}

	private static long mask(int prefix) {
		return (prefix == 0) ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
	}

}
