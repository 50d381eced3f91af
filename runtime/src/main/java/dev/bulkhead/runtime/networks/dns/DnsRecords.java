package dev.bulkhead.runtime.networks.dns;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The names on one network: each attached container with the names it answers to
 * (container name, aliases, short id) and its address. Names are case-insensitive; a name
 * that several containers share (an alias) answers with all their addresses.
 */
public final class DnsRecords {

	private record Entry(Set<String> names, Inet4Address address) {
	}

	private final Map<String, Entry> byContainer = new LinkedHashMap<>();

	public synchronized void put(String containerId, Collection<String> names, Inet4Address address) {
		Set<String> normalized = new LinkedHashSet<>();
		for (String name : names) {
			if (name != null && !name.isBlank()) {
				normalized.add(normalize(name));
			}
		}
		this.byContainer.put(containerId, new Entry(normalized, address));
	}

	public synchronized void remove(String containerId) {
		this.byContainer.remove(containerId);
	}

	public synchronized boolean isEmpty() {
		return this.byContainer.isEmpty();
	}

	/** The addresses of a name, empty when no container answers to it. */
	public synchronized List<Inet4Address> lookup(String name) {
		String wanted = normalize(name);
		List<Inet4Address> found = new ArrayList<>();
		for (Entry entry : this.byContainer.values()) {
			if (entry.names().contains(wanted) && !found.contains(entry.address())) {
				found.add(entry.address());
			}
		}
		return found;
	}

	/** The container that has this address on the network, if any. */
	public synchronized java.util.Optional<String> containerAt(java.net.InetAddress address) {
		return this.byContainer.entrySet()
			.stream()
			.filter((e) -> e.getValue().address().equals(address))
			.map(Map.Entry::getKey)
			.findFirst();
	}

	/** Whether the container has names here. */
	public synchronized boolean has(String containerId) {
		return this.byContainer.containsKey(containerId);
	}

	private static String normalize(String name) {
		String lower = name.strip().toLowerCase(Locale.ROOT);
		return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
	}

}
