package dev.bulkhead.runtime.networks;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/** IPv4 subnets in CIDR form. */
final class Subnets {

	private Subnets() {
	}

	record Cidr(long base, int prefix) {

		long mask() {
			return (this.prefix == 0) ? 0 : (0xFFFFFFFFL << (32 - this.prefix)) & 0xFFFFFFFFL;
		}

		boolean contains(String address) {
			return (toLong(address) & mask()) == this.base;
		}

		boolean overlaps(Cidr other) {
			long shorter = Math.min(this.prefix, other.prefix);
			long m = (shorter == 0) ? 0 : (0xFFFFFFFFL << (32 - shorter)) & 0xFFFFFFFFL;
			return (this.base & m) == (other.base & m);
		}

		String firstHost() {
			return toText(this.base + 1);
		}

		@Override
		public String toString() {
			return toText(this.base) + "/" + this.prefix;
		}

	}

	static Cidr parse(String text) {
		String[] parts = text.trim().split("/");
		try {
			if (parts.length != 2) {
				throw new NumberFormatException();
			}
			int prefix = Integer.parseInt(parts[1]);
			if (prefix < 8 || prefix > 30) {
				throw new InvalidArgumentException(
						"subnet " + text + " must have a prefix length between /8 and /30, e.g. 10.214.0.0/24");
			}
			Cidr probe = new Cidr(0, prefix);
			return new Cidr(toLong(parts[0]) & probe.mask(), prefix);
		}
		catch (NumberFormatException ex) {
			throw new InvalidArgumentException("subnet '" + text + "' is not an IPv4 CIDR like 10.214.0.0/24");
		}
	}

	static long toLong(String address) {
		String[] octets = address.trim().split("\\.");
		if (octets.length != 4) {
			throw new InvalidArgumentException("'" + address + "' is not an IPv4 address");
		}
		long value = 0;
		for (String octet : octets) {
			int v = Integer.parseInt(octet);
			if (v < 0 || v > 255) {
				throw new InvalidArgumentException("'" + address + "' is not an IPv4 address");
			}
			value = (value << 8) | v;
		}
		return value;
	}

	static String toText(long value) {
		return ((value >> 24) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 8) & 0xFF) + "."
				+ (value & 0xFF);
	}

}
