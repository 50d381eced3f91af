package dev.bulkhead.security.profiles;

import java.util.List;
import java.util.Locale;

/**
 * The names of the relaxations an admin can grant as an exception to the default level. A
 * relaxation is one named step away from {@code restricted}: {@code cap-add:SYS_PTRACE},
 * {@code writable-rootfs}, {@code bind-mount:/srv/data}, ... Names are checked and put in
 * one canonical spelling here, so that a grant and a request always compare equal.
 */
public final class Relaxations {

	/** Keep one more capability ({@code cap-add:SYS_PTRACE}; {@code cap-add:ALL}). */
	public static final String CAP_ADD = "cap-add:";

	/** Share a host directory under this prefix ({@code bind-mount:/srv/data}). */
	public static final String BIND_MOUNT = "bind-mount:";

	/** Run at another level as a whole ({@code level:baseline}). */
	public static final String LEVEL = "level:";

	public static final String WRITABLE_ROOTFS = "writable-rootfs";

	public static final String SECCOMP_UNCONFINED = "seccomp-unconfined";

	public static final String RUN_AS_ROOT = "run-as-root";

	public static final String PRIVILEGED = "privileged";

	public static final String NEW_PRIVILEGES = "new-privileges";

	public static final String HOST_NETWORK = "host-network";

	public static final String HOST_PID = "host-pid";

	public static final String HOST_IPC = "host-ipc";

	public static final String DEVICES = "devices";

	/** The relaxations that take no argument. */
	public static final List<String> PLAIN = List.of(WRITABLE_ROOTFS, SECCOMP_UNCONFINED, RUN_AS_ROOT, PRIVILEGED,
			NEW_PRIVILEGES, HOST_NETWORK, HOST_PID, HOST_IPC, DEVICES);

	private Relaxations() {
	}

	/**
	 * Checks a relaxation name and returns it in its canonical spelling (lower case, and
	 * capability names without {@code CAP_} in upper case).
	 * @param name e.g. {@code cap-add:sys_ptrace} or {@code writable-rootfs}
	 * @return the canonical name, e.g. {@code cap-add:SYS_PTRACE}
	 * @throws IllegalArgumentException with what to write instead
	 */
	public static String canonical(String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("a relaxation is required; " + hint());
		}
		String trimmed = name.strip();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		if (lower.startsWith(CAP_ADD)) {
			return capAdd(trimmed.substring(CAP_ADD.length()));
		}
		if (lower.startsWith(BIND_MOUNT)) {
			String prefix = trimmed.substring(BIND_MOUNT.length());
			if (!prefix.startsWith("/") || prefix.contains("/../") || prefix.endsWith("/..") || prefix.contains("\0")) {
				throw new IllegalArgumentException("relaxation '" + name
						+ "' needs an absolute host path without '..', e.g. bind-mount:/srv/data");
			}
			String normalized = (prefix.length() > 1 && prefix.endsWith("/")) ? prefix.substring(0, prefix.length() - 1)
					: prefix;
			return BIND_MOUNT + normalized;
		}
		if (lower.startsWith(LEVEL)) {
			String level = SecurityProfiles.level(lower.substring(LEVEL.length())).name();
			return LEVEL + level;
		}
		if (PLAIN.contains(lower)) {
			return lower;
		}
		throw new IllegalArgumentException("'" + name + "' is not a relaxation; " + hint());
	}

	/**
	 * The relaxation that keeps one capability.
	 * @param capability with or without {@code CAP_}, or {@code ALL}
	 * @return e.g. {@code cap-add:SYS_PTRACE}
	 */
	public static String capAdd(String capability) {
		if ("ALL".equalsIgnoreCase(capability.strip())) {
			return CAP_ADD + "ALL";
		}
		return CAP_ADD + Capabilities.normalize(capability).substring("CAP_".length());
	}

	/**
	 * Tells whether {@code hostPath} lies under the prefix of a {@code bind-mount:}
	 * relaxation (the prefix itself or a path below it, compared by whole path elements).
	 * @param relaxation a canonical {@code bind-mount:} relaxation
	 * @param hostPath an absolute, normalized host path
	 * @return whether the relaxation covers the path
	 */
	public static boolean coversBindMount(String relaxation, String hostPath) {
		if (!relaxation.startsWith(BIND_MOUNT)) {
			return false;
		}
		String prefix = relaxation.substring(BIND_MOUNT.length());
		return prefix.equals("/") || hostPath.equals(prefix) || hostPath.startsWith(prefix + "/");
	}

	private static String hint() {
		return "use cap-add:<CAPABILITY>, bind-mount:<host path prefix>, level:baseline, level:privileged or one of "
				+ String.join(", ", PLAIN);
	}

}
