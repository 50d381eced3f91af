package dev.bulkhead.security.profiles;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a container may ask for at one policy level. Everything not allowed here needs an
 * exception granted by an admin.
 *
 * @param name level name, e.g. {@code restricted}
 * @param allowedCapabilities capabilities that may be added to the empty default set;
 * names are normalized to {@code CAP_X} and {@code ALL} stands for every capability
 * @param allowRoot whether the container may run as user 0
 * @param allowWritableRootfs whether the root filesystem may be writable
 * @param allowUnconfinedSeccomp whether seccomp may be turned off
 * @param allowPrivileged whether privileged mode is allowed
 * @param allowHostNamespaces whether host pid, ipc or network namespaces may be shared
 * @param allowNewPrivileges whether {@code noNewPrivileges} may be turned off
 * @param allowDevices whether host devices may be given to the container
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "name", "allowedCapabilities", "allowRoot", "allowWritableRootfs", "allowUnconfinedSeccomp",
		"allowPrivileged", "allowHostNamespaces", "allowNewPrivileges", "allowDevices" })
public record PolicyLevel(String name, Set<String> allowedCapabilities, boolean allowRoot, boolean allowWritableRootfs,
		boolean allowUnconfinedSeccomp, boolean allowPrivileged, boolean allowHostNamespaces,
		boolean allowNewPrivileges, boolean allowDevices) {

	private static final String ALL = "ALL";

	public PolicyLevel {
		Objects.requireNonNull(name, "policy level needs a name");
		allowedCapabilities = normalized(allowedCapabilities);
	}

	/** Without {@code allowDevices}: no host devices. */
	public PolicyLevel(String name, Set<String> allowedCapabilities, boolean allowRoot, boolean allowWritableRootfs,
			boolean allowUnconfinedSeccomp, boolean allowPrivileged, boolean allowHostNamespaces,
			boolean allowNewPrivileges) {
		this(name, allowedCapabilities, allowRoot, allowWritableRootfs, allowUnconfinedSeccomp, allowPrivileged,
				allowHostNamespaces, allowNewPrivileges, false);
	}

	/**
	 * Tells whether a capability may be added at this level.
	 * @param capability a capability name with or without the {@code CAP_} prefix, in any
	 * case
	 * @return {@code true} if the capability is known and allowed here
	 */
	public boolean allowsCapability(String capability) {
		return Capabilities.isKnown(capability)
				&& this.allowedCapabilities.contains(Capabilities.normalize(capability));
	}

	private static Set<String> normalized(Set<String> capabilities) {
		if (capabilities == null) {
			return Set.of();
		}
		Set<String> result = new LinkedHashSet<>();
		for (String capability : capabilities) {
			if (ALL.equalsIgnoreCase(capability)) {
				result.addAll(Capabilities.all());
			}
			else {
				result.add(Capabilities.normalize(capability));
			}
		}
		return Collections.unmodifiableSet(result);
	}

}
