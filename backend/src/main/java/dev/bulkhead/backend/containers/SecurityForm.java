package dev.bulkhead.backend.containers;

import java.util.Arrays;
import java.util.List;

import dev.bulkhead.runtime.containers.ContainerConfig;

/**
 * The security fields of the dashboard's create form.
 *
 * @param capAdd capabilities, separated by commas or spaces
 * @param writableRootfs asks for a writable root filesystem
 * @param privileged asks for privileged mode
 * @param unconfinedSeccomp asks for no seccomp filter
 */
record SecurityForm(String capAdd, Boolean writableRootfs, Boolean privileged, Boolean unconfinedSeccomp) {

	/** The request's security options; null when the form asks for nothing special. */
	ContainerConfig.Security toConfig() {
		List<String> capabilities = (this.capAdd != null)
				? Arrays.stream(this.capAdd.split("[,\\s]+")).filter((c) -> !c.isBlank()).toList() : List.of();
		boolean writable = Boolean.TRUE.equals(this.writableRootfs);
		boolean unconfined = Boolean.TRUE.equals(this.unconfinedSeccomp);
		boolean isPrivileged = Boolean.TRUE.equals(this.privileged);
		if (capabilities.isEmpty() && !writable && !unconfined && !isPrivileged) {
			return null;
		}
		return new ContainerConfig.Security(null, capabilities, writable ? Boolean.FALSE : null,
				unconfined ? "unconfined" : null, isPrivileged ? Boolean.TRUE : null, null, null, null, null, null,
				null);
	}

}
