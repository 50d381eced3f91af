package dev.bulkhead.runtime.stats;

import dev.bulkhead.runtime.stats.ContainerStats.Network;

/**
 * Parses {@code /proc/<pid>/net/dev}, which lists the interfaces of the network namespace
 * that process is in: two header lines, then
 * {@code  name: rxBytes rxPackets errs drop fifo frame compressed multicast txBytes
 * txPackets ...}.
 */
final class NetDev {

	private NetDev() {
	}

	/** Totals over every interface but loopback. */
	static Network parse(String text) {
		long rxBytes = 0;
		long rxPackets = 0;
		long txBytes = 0;
		long txPackets = 0;
		for (String line : text.split("\n")) {
			int colon = line.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String name = line.substring(0, colon).trim();
			String[] fields = line.substring(colon + 1).trim().split("\\s+");
			if (name.equals("lo") || fields.length < 10) {
				continue;
			}
			rxBytes += value(fields[0]);
			rxPackets += value(fields[1]);
			txBytes += value(fields[8]);
			txPackets += value(fields[9]);
		}
		return new Network(rxBytes, rxPackets, txBytes, txPackets);
	}

	private static long value(String field) {
		return CgroupFiles.parse(field).orElse(0L);
	}

}
