package dev.bulkhead.runtime.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bulkhead.runtime.images.ImageConfig;
import dev.bulkhead.security.profiles.Capabilities;
import dev.bulkhead.security.profiles.SecurityProfiles;

/**
 * The options a Bulkhead container spec is composed of. Security settings (capabilities,
 * seccomp, masked paths) come only from {@code security-profiles}.
 */
public final class SpecOpts {

	static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

	private static final List<String> NAMESPACES = List.of("pid", "network", "ipc", "uts", "mount");

	private SpecOpts() {
	}

	/**
	 * The base every container starts from: private namespaces, the usual pseudo
	 * filesystems, no devices beyond runc's defaults, PATH set.
	 */
	public static SpecOpt defaults() {
		return (spec) -> {
			NAMESPACES.forEach((type) -> spec.namespaces().add(new Spec.Namespace(type, null)));
			spec.mounts().add(new Spec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
			spec.mounts()
				.add(new Spec.Mount("/dev", "tmpfs", "tmpfs",
						List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
			spec.mounts()
				.add(new Spec.Mount("/dev/pts", "devpts", "devpts",
						List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")));
			spec.mounts()
				.add(new Spec.Mount("/dev/shm", "tmpfs", "shm",
						List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
			spec.mounts().add(new Spec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
			spec.mounts().add(new Spec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
			spec.deviceRules().add(new Spec.DeviceRule(false, null, null, null, "rwm"));
			spec.env().put("PATH", DEFAULT_PATH);
			spec.cwd("/");
			spec.root("rootfs", false);
		};
	}

	/**
	 * Bulkhead's hardening: no capabilities beyond {@code keptCapabilities}, the default
	 * seccomp profile, no new privileges, and runc's masked and read-only paths.
	 */
	public static SpecOpt hardened(List<String> keptCapabilities) {
		return (spec) -> {
			spec.capabilities().clear();
			keptCapabilities.stream().map(Capabilities::normalize).distinct().forEach(spec.capabilities()::add);
			spec.seccomp(SecurityProfiles.defaultSeccomp());
			spec.noNewPrivileges(true);
			spec.maskedPaths().addAll(SecurityProfiles.maskedPaths());
			spec.readonlyPaths().addAll(SecurityProfiles.readonlyPaths());
		};
	}

	/**
	 * A read-only root filesystem with small writable tmpfs at /tmp and /run, owned by
	 * the container's user so a non-root process can use them.
	 */
	public static SpecOpt readonlyRootfs(long tmpfsBytes) {
		return (spec) -> {
			spec.root("rootfs", true);
			String size = "size=" + tmpfsBytes;
			spec.mounts()
				.add(new Spec.Mount("/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "noexec", "mode=1777", size)));
			spec.mounts()
				.add(new Spec.Mount("/run", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "noexec", "mode=755", size,
						"uid=" + spec.uid(), "gid=" + spec.gid())));
		};
	}

	/** The image's environment, working directory and command line. */
	public static SpecOpt imageConfig(ImageConfig.Config config) {
		return (spec) -> {
			if (config == null) {
				return;
			}
			if (config.env() != null) {
				config.env().forEach((entry) -> putEnv(spec, entry));
			}
			if (config.workingDir() != null && !config.workingDir().isBlank()) {
				spec.cwd(config.workingDir());
			}
			spec.args().clear();
			if (config.entrypoint() != null) {
				spec.args().addAll(config.entrypoint());
			}
			if (config.cmd() != null) {
				spec.args().addAll(config.cmd());
			}
		};
	}

	/**
	 * Overrides the command line as docker does: a given entrypoint replaces the image's
	 * (and drops its Cmd); a given command replaces the image's Cmd and keeps its
	 * entrypoint.
	 */
	public static SpecOpt command(ImageConfig.Config image, List<String> entrypoint, List<String> command) {
		return (spec) -> {
			List<String> ep = (entrypoint != null) ? entrypoint
					: (image != null && image.entrypoint() != null) ? image.entrypoint() : List.of();
			List<String> cmd;
			if (command != null && !command.isEmpty()) {
				cmd = command;
			}
			else if (entrypoint == null && image != null && image.cmd() != null) {
				cmd = image.cmd();
			}
			else {
				cmd = List.of();
			}
			List<String> args = new ArrayList<>(ep);
			args.addAll(cmd);
			spec.args().clear();
			spec.args().addAll(args);
		};
	}

	/**
	 * Environment variables from the request; they replace the image's of the same name.
	 */
	public static SpecOpt env(Map<String, String> env) {
		return (spec) -> spec.env().putAll(env);
	}

	public static SpecOpt workingDir(String dir) {
		return (spec) -> spec.cwd(dir);
	}

	public static SpecOpt user(long uid, long gid, List<Long> additionalGids) {
		return (spec) -> {
			spec.user(uid, gid);
			spec.additionalGids().clear();
			spec.additionalGids().addAll(additionalGids);
		};
	}

	/**
	 * Memory, CPU and pids limits. {@code swapBytes} is the OCI "swap" value (memory plus
	 * swap); null leaves swap to the kernel's defaults.
	 */
	public static SpecOpt resources(long memoryBytes, Long swapBytes, double cpus, long pids) {
		return (spec) -> {
			spec.memory(new Spec.Memory(memoryBytes, null, swapBytes));
			long period = 100_000;
			spec.cpu(new Spec.Cpu(null, Math.round(cpus * period), period, null));
			spec.pidsLimit(pids);
		};
	}

	/** Open-file limit; it must not exceed the server's own hard limit or runc fails. */
	public static SpecOpt nofile(long limit) {
		return (spec) -> {
			spec.rlimits().removeIf((r) -> r.type().equals("RLIMIT_NOFILE"));
			spec.rlimits().add(new Spec.Rlimit("RLIMIT_NOFILE", limit, limit));
		};
	}

	public static SpecOpt hostname(String hostname) {
		return (spec) -> spec.hostname(hostname);
	}

	public static SpecOpt cgroupsPath(String path) {
		return (spec) -> spec.cgroupsPath(path);
	}

	/**
	 * A read-only bind mount of a host file or directory that Bulkhead made for the
	 * container.
	 */
	public static SpecOpt readonlyBind(String source, String destination) {
		return (spec) -> spec.mounts()
			.add(new Spec.Mount(destination, "bind", source, List.of("rbind", "ro", "nosuid", "nodev", "noexec")));
	}

	/**
	 * Joins an existing network namespace (a persistent one made for the container)
	 * instead of letting the OCI runtime make a fresh loopback-only one.
	 */
	public static SpecOpt networkNamespace(String path) {
		return (spec) -> {
			spec.namespaces().removeIf((ns) -> ns.type().equals("network"));
			spec.namespaces().add(new Spec.Namespace("network", path));
		};
	}

	/**
	 * Leaves the container in the runtime's own network namespace (the host's): network
	 * mode {@code host}, admitted only at the privileged level.
	 */
	public static SpecOpt hostNetworkNamespace() {
		return (spec) -> spec.namespaces().removeIf((ns) -> ns.type().equals("network"));
	}

	public static SpecOpt annotation(String key, String value) {
		return (spec) -> spec.annotations().put(key, value);
	}

	private static void putEnv(SpecBuilder spec, String entry) {
		int eq = entry.indexOf('=');
		if (eq > 0) {
			spec.env().put(entry.substring(0, eq), entry.substring(eq + 1));
		}
		else if (!entry.isEmpty()) {
			spec.env().put(entry, "");
		}
	}

}
