package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.bulkhead.security.profiles.Capabilities;

/**
 * Facts about this host that container defaults depend on.
 */
public final class HostFacts {

	private HostFacts() {
	}

	/**
	 * The server's own hard limit on open files. A spec that asks runc for more fails
	 * with "operation not permitted" when the server lacks CAP_SYS_RESOURCE, so
	 * containers get at most this.
	 */
	public static long nofileHardLimit(Path procSelfLimits) {
		try {
			for (String line : Files.readAllLines(procSelfLimits)) {
				if (line.startsWith("Max open files")) {
					String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
					return fields[1].equals("unlimited") ? 1_048_576 : Long.parseLong(fields[1]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// fall through to the conservative default
		}
		return 1024;
	}

	/**
	 * Whether the kernel accounts swap per cgroup, so that "memory plus swap" can be
	 * limited: on cgroup v1 only when {@code memory.memsw.*} exists; on cgroup v2 runc
	 * itself skips an unsupported swap limit of zero.
	 */
	public static boolean swapAccounting(Path cgroupRoot) {
		if (Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
			return true;
		}
		return Files.exists(cgroupRoot.resolve("memory").resolve("memory.memsw.limit_in_bytes"));
	}

	/**
	 * The capabilities in the server's own bounding set ({@code CapBnd} in
	 * {@code /proc/self/status}): all a container can be given. runc refuses a spec that
	 * asks for more ("unable to apply caps"), so privileged mode and {@code ALL} mean
	 * these, as in Docker. Unreadable: every capability.
	 */
	public static List<String> boundingCapabilities(Path procSelfStatus) {
		try {
			for (String line : Files.readAllLines(procSelfStatus)) {
				if (line.startsWith("CapBnd:")) {
					long mask = Long.parseUnsignedLong(line.substring("CapBnd:".length()).trim(), 16);
					List<String> all = Capabilities.all();
					List<String> kept = new ArrayList<>();
					for (int bit = 0; bit < all.size(); bit++) {
						if ((mask & (1L << bit)) != 0) {
							kept.add(all.get(bit));
						}
					}
					return List.copyOf(kept);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// fall through to every capability
		}
		return Capabilities.all();
	}

}
