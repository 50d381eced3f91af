package dev.bulkhead.security.profiles;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Linux capability names as the OCI runtime spec writes them ({@code CAP_CHOWN}, ...),
 * and Bulkhead's default capability set.
 */
public final class Capabilities {

	private static final String PREFIX = "CAP_";

	// Ordered by capability number (linux/capability.h), 0 to 40.
	private static final List<String> ALL = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
			"CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
			"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
			"CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
			"CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG",
			"CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
			"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON",
			"CAP_BPF", "CAP_CHECKPOINT_RESTORE");

	private static final Set<String> KNOWN = Set.copyOf(ALL);

	private Capabilities() {
	}

	/**
	 * All capabilities Linux defines, in the order of their numbers.
	 * @return an immutable list of {@code CAP_}-prefixed names
	 */
	public static List<String> all() {
		return ALL;
	}

	/**
	 * The capabilities a Bulkhead container gets when nothing is added: none, because
	 * every container starts from "drop ALL".
	 * @return an empty immutable set
	 */
	public static Set<String> defaults() {
		return Set.of();
	}

	/**
	 * Tells whether {@code name} is a Linux capability, with or without the {@code CAP_}
	 * prefix and in any case.
	 * @param name a capability name such as {@code net_bind_service} or
	 * {@code CAP_NET_BIND_SERVICE}
	 * @return {@code true} if it names a known capability
	 */
	public static boolean isKnown(String name) {
		return name != null && KNOWN.contains(canonical(name));
	}

	/**
	 * Turns a capability name into the form OCI writes, {@code CAP_X}.
	 * @param name a capability name with or without the {@code CAP_} prefix, in any case
	 * @return the {@code CAP_}-prefixed upper-case name
	 * @throws IllegalArgumentException if the name is not a known capability
	 */
	public static String normalize(String name) {
		if (!isKnown(name)) {
			throw new IllegalArgumentException("'" + name + "' is not a Linux capability; use a name such as "
					+ "NET_BIND_SERVICE (the CAP_ prefix is optional)");
		}
		return canonical(name);
	}

	private static String canonical(String name) {
		String upper = name.strip().toUpperCase(Locale.ROOT);
		return upper.startsWith(PREFIX) ? upper : PREFIX + upper;
	}

}
