package dev.bulkhead.runtime.containers;

import java.util.List;

/**
 * The security settings a container actually runs with, as shown in inspect.
 */
public record EffectiveSecurity(String level, long uid, long gid, List<String> capabilities, boolean noNewPrivileges,
		String seccomp, boolean readOnlyRootfs, long memoryBytes, Long memorySwapBytes, double cpus, long pids) {

	public EffectiveSecurity {
		capabilities = List.copyOf(capabilities);
	}

}
