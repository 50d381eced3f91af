package dev.bulkhead.runtime.containers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One monitor per container id (or per {@code name:<name>} while a name is claimed), so a
 * start, an exit being recorded, a restart by policy and a health probe's result never
 * interleave on one container's record.
 */
final class ContainerLocks {

	private final Map<String, Object> locks = new ConcurrentHashMap<>();

	Object of(String key) {
		return this.locks.computeIfAbsent(key, (k) -> new Object());
	}

	void forget(String key) {
		this.locks.remove(key);
	}

}
