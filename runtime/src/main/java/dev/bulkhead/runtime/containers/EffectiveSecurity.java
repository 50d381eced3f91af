package dev.bulkhead.runtime.containers;

import java.util.List;

/**
 * The security settings a container actually runs with, as shown in inspect.
 *
 * @param privileged Docker's privileged mode is on
 * @param hostNamespaces the host namespaces it shares ({@code pid}, {@code ipc},
 * {@code network}); empty when every namespace is its own
 * @param devices host devices given to it, as asked for
 * @param exceptions the admin-granted exceptions it was admitted under
 */
public record EffectiveSecurity(String level, long uid, long gid, List<String> capabilities, boolean noNewPrivileges,
		String seccomp, boolean readOnlyRootfs, long memoryBytes, Long memorySwapBytes, double cpus, long pids,
		boolean privileged, List<String> hostNamespaces, List<String> devices, List<AppliedException> exceptions) {

	public EffectiveSecurity {
		capabilities = List.copyOf(capabilities);
		hostNamespaces = (hostNamespaces != null) ? List.copyOf(hostNamespaces) : List.of();
		devices = (devices != null) ? List.copyOf(devices) : List.of();
		exceptions = (exceptions != null) ? List.copyOf(exceptions) : List.of();
	}

	/** The hardened defaults' shape: nothing relaxed. */
	public EffectiveSecurity(String level, long uid, long gid, List<String> capabilities, boolean noNewPrivileges,
			String seccomp, boolean readOnlyRootfs, long memoryBytes, Long memorySwapBytes, double cpus, long pids) {
		this(level, uid, gid, capabilities, noNewPrivileges, seccomp, readOnlyRootfs, memoryBytes, memorySwapBytes,
				cpus, pids, false, null, null, null);
	}

}
