package dev.bulkhead.backend.containers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.bulkhead.runtime.containers.AppliedException;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.MountSpec;
import dev.bulkhead.runtime.networks.NetworkAttachment;
import dev.bulkhead.runtime.oci.Spec;
import dev.bulkhead.security.profiles.SeccompProfile;
import dev.bulkhead.security.profiles.SyscallRule;

/**
 * What the container page's Inspect tab shows, read from the {@code config.json} runc was
 * given (so the words describe what was applied, not what was asked for) and from the
 * container's record (policy level, exceptions, network attachments).
 *
 * @param security the effective security settings as label and value, in words
 * @param limits the cgroup limits as label and value
 * @param exceptions the policy exceptions the container was admitted under
 * @param mounts every mount runc made, in its order
 * @param networks the networks the running container is attached to
 * @param configJson the config.json as written, for the page's pre
 */
record InspectView(List<Row> security, List<Row> limits, List<AppliedException> exceptions, List<MountRow> mounts,
		List<NetworkRow> networks, String configJson) {

	/** The namespace types the kernel offers; one missing from the spec is the host's. */
	private static final List<String> NAMESPACES = List.of("pid", "network", "ipc", "uts", "mount", "cgroup", "user");

	private static final long MIB = 1024L * 1024;

	/** A label with its value in words. */
	record Row(String label, String value) {
	}

	/**
	 * One mount: {@code source} names a volume or host path where the user asked for one.
	 */
	record MountRow(String destination, String type, String source, String options, boolean readOnly) {
	}

	/** One network attachment in the page's words. */
	record NetworkRow(String network, String interfaceName, String ip, String mac, String gateway, List<String> aliases,
			List<String> ports) {
	}

	static InspectView of(Container c, Spec spec, String configJson) {
		return new InspectView(security(c, spec), limits(spec),
				(c.security() != null) ? c.security().exceptions() : List.of(), mounts(c, spec), networks(c),
				configJson);
	}

	static List<Row> security(Container c, Spec spec) {
		List<Row> rows = new ArrayList<>();
		Spec.Process process = spec.process();
		Spec.Linux linux = spec.linux();
		rows.add(new Row("Policy level", (c.security() != null) ? c.security().level() : "unknown"));
		rows.add(new Row("User:group", (process != null && process.user() != null)
				? process.user().uid() + ":" + process.user().gid() : "not set"));
		Spec.Capabilities caps = (process != null) ? process.capabilities() : null;
		rows.add(new Row("Capabilities (effective)", capabilities((caps != null) ? caps.effective() : null)));
		rows.add(new Row("Capabilities (bounding)", capabilities((caps != null) ? caps.bounding() : null)));
		rows.add(new Row("Seccomp", seccomp((c.security() != null) ? c.security().seccomp() : null,
				(linux != null) ? linux.seccomp() : null)));
		rows.add(new Row("No new privileges", (process != null && Boolean.TRUE.equals(process.noNewPrivileges()))
				? "yes: setuid binaries and file capabilities grant nothing" : "no: the process may gain privileges"));
		rows.add(
				new Row("Root filesystem", (spec.root() != null && spec.root().readonly()) ? "read-only" : "writable"));
		rows.add(new Row("Masked paths", count((linux != null) ? linux.maskedPaths() : null, "path")));
		rows.add(new Row("Read-only paths", count((linux != null) ? linux.readonlyPaths() : null, "path")));
		rows.add(new Row("Namespaces", namespaces((linux != null) ? linux.namespaces() : null)));
		rows.add(new Row("Devices", devices((linux != null) ? linux.devices() : null)));
		return rows;
	}

	static String capabilities(List<String> caps) {
		if (caps == null || caps.isEmpty()) {
			return "none (all dropped)";
		}
		return String.join(", ", caps);
	}

	static String seccomp(String profileName, SeccompProfile profile) {
		if (profile == null) {
			return "unconfined: no filter, every syscall allowed";
		}
		Set<String> allowed = new LinkedHashSet<>();
		if (profile.syscalls() != null) {
			for (SyscallRule rule : profile.syscalls()) {
				if ("SCMP_ACT_ALLOW".equals(rule.action()) && rule.names() != null) {
					allowed.addAll(rule.names());
				}
			}
		}
		String name = (profileName != null) ? profileName : "custom";
		String action = profile.defaultAction()
				+ ((profile.defaultErrnoRet() != null) ? " (errno " + profile.defaultErrnoRet() + ")" : "");
		return "profile " + name + "; default action " + action + "; " + allowed.size() + " syscalls allowed";
	}

	static String count(List<String> paths, String noun) {
		int n = (paths != null) ? paths.size() : 0;
		return n + " " + noun + ((n == 1) ? "" : "s");
	}

	static String namespaces(List<Spec.Namespace> namespaces) {
		List<String> own = new ArrayList<>();
		List<String> host = new ArrayList<>();
		for (String type : NAMESPACES) {
			Spec.Namespace found = (namespaces != null)
					? namespaces.stream().filter((n) -> type.equals(n.type())).findFirst().orElse(null) : null;
			if (found == null) {
				host.add(type);
			}
			else {
				own.add(type + ((found.path() != null) ? " (joined " + found.path() + ")" : ""));
			}
		}
		return "own: " + (own.isEmpty() ? "none" : String.join(", ", own)) + "; shared with the host: "
				+ (host.isEmpty() ? "none" : String.join(", ", host));
	}

	static String devices(List<Spec.Device> devices) {
		if (devices == null || devices.isEmpty()) {
			return "none added (only runc's standard /dev nodes)";
		}
		return String.join(", ",
				devices.stream()
					.map((d) -> d.path() + " (" + d.type() + " " + d.major() + ":" + d.minor() + ")")
					.toList());
	}

	static List<Row> limits(Spec spec) {
		Spec.Resources r = (spec.linux() != null) ? spec.linux().resources() : null;
		Spec.Memory memory = (r != null) ? r.memory() : null;
		Spec.Cpu cpu = (r != null) ? r.cpu() : null;
		List<Row> rows = new ArrayList<>();
		rows.add(new Row("Memory limit", bytes((memory != null) ? memory.limit() : null)));
		rows.add(new Row("Memory reservation", bytes((memory != null) ? memory.reservation() : null)));
		rows.add(new Row("Memory + swap",
				(memory != null && memory.swap() != null && memory.limit() != null
						&& memory.swap().equals(memory.limit())) ? bytes(memory.swap()) + " (no swap)"
								: bytes((memory != null) ? memory.swap() : null)));
		rows.add(new Row("CPU quota / period",
				(cpu != null && cpu.quota() != null && cpu.period() != null)
						? cpu.quota() + " µs per " + cpu.period() + " µs (" + cpus(cpu.quota(), cpu.period()) + " CPUs)"
						: "not limited"));
		rows.add(new Row("CPU shares",
				(cpu != null && cpu.shares() != null) ? String.valueOf(cpu.shares()) : "not set (1024)"));
		rows.add(new Row("Processes (pids)",
				(r != null && r.pids() != null) ? String.valueOf(r.pids().limit()) : "not limited"));
		return rows;
	}

	private static String cpus(long quota, long period) {
		return java.math.BigDecimal.valueOf(quota)
			.divide(java.math.BigDecimal.valueOf(period), 3, java.math.RoundingMode.HALF_UP)
			.stripTrailingZeros()
			.toPlainString();
	}

	static String bytes(Long bytes) {
		if (bytes == null || bytes < 0) {
			return "not limited";
		}
		if (bytes % MIB == 0) {
			return (bytes / MIB) + " MiB";
		}
		return bytes + " bytes";
	}

	static List<MountRow> mounts(Container c, Spec spec) {
		List<MountRow> rows = new ArrayList<>();
		if (spec.mounts() == null) {
			return rows;
		}
		for (Spec.Mount m : spec.mounts()) {
			List<String> options = (m.options() != null) ? m.options() : List.of();
			MountSpec asked = c.config()
				.mounts()
				.stream()
				.filter((s) -> s.target().equals(m.destination()))
				.findFirst()
				.orElse(null);
			String type = m.type();
			String source = m.source();
			if (asked != null && MountSpec.VOLUME.equals(asked.type())) {
				type = "volume";
				source = "volume " + asked.source();
			}
			else if (asked != null && MountSpec.BIND.equals(asked.type())) {
				source = "host path " + m.source();
			}
			rows.add(new MountRow(m.destination(), type, source, String.join(",", options), options.contains("ro")));
		}
		return rows;
	}

	static List<NetworkRow> networks(Container c) {
		List<NetworkRow> rows = new ArrayList<>();
		List<NetworkAttachment> all = new ArrayList<>();
		if (c.network() != null) {
			all.add(c.network());
		}
		all.addAll(c.connections());
		for (NetworkAttachment a : all) {
			List<String> aliases = new ArrayList<>(a.aliases());
			if (a == c.network()) {
				aliases.addAll(0, c.config().networkAliases());
			}
			rows.add(new NetworkRow(a.network(), a.ifName(),
					(a.ipAddress() != null) ? a.ipAddress() + "/" + a.prefixLength() : "none", a.macAddress(),
					a.gateway(), aliases,
					a.ports()
						.stream()
						.map((p) -> p.hostSide().replace("/" + p.protocol(), "") + " → " + p.containerPort() + "/"
								+ p.protocol().toLowerCase(Locale.ROOT))
						.toList()));
		}
		return rows;
	}

}
