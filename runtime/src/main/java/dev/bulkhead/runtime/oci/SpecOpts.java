package dev.bulkhead.runtime.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bulkhead.runtime.images.ImageConfig;
import dev.bulkhead.security.profiles.Capabilities;
import dev.bulkhead.security.profiles.SeccompProfile;
import dev.bulkhead.security.profiles.SecurityProfiles;
import dev.bulkhead.security.profiles.SyscallRule;

/**
 * The options a Bulkhead container spec is composed of. Security settings (capabilities,
 * seccomp, masked paths) come only from {@code security-profiles}.
 */
public final class SpecOpts {

	static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

	private static final List<String> NAMESPACES = List.of("pid", "network", "ipc", "uts", "mount");

	private static final List<String> PTRACE_SYSCALLS = List.of("ptrace", "process_vm_readv", "process_vm_writev",
			"kcmp", "pidfd_getfd");

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
			SeccompProfile seccomp = SecurityProfiles.defaultSeccomp();
			if (spec.capabilities().contains("CAP_SYS_PTRACE")) {
				// The capability is useless while the filter refuses the calls it governs
				// (Docker's profile opens them the same way).
				List<SyscallRule> rules = new ArrayList<>(seccomp.syscalls());
				rules.add(new SyscallRule(PTRACE_SYSCALLS, "SCMP_ACT_ALLOW", null, null));
				seccomp = new SeccompProfile(seccomp.defaultAction(), seccomp.defaultErrnoRet(),
						seccomp.architectures(), seccomp.flags(), rules);
			}
			spec.seccomp(seccomp);
			spec.noNewPrivileges(true);
			spec.maskedPaths().addAll(SecurityProfiles.maskedPaths());
			spec.readonlyPaths().addAll(SecurityProfiles.readonlyPaths());
		};
	}

	/**
	 * Docker's privileged mode, applied after {@link #hardened}: every capability the
	 * server itself has ({@code capabilities}), no seccomp filter, processes may gain
	 * privileges, nothing masked or read-only in /proc, /sys writable, and every device
	 * allowed by the device cgroup. Only admitted by an exception.
	 */
	public static SpecOpt privileged(List<String> capabilities) {
		return (spec) -> {
			spec.capabilities().clear();
			spec.capabilities().addAll(capabilities);
			spec.seccomp(null);
			spec.noNewPrivileges(false);
			spec.maskedPaths().clear();
			spec.readonlyPaths().clear();
			spec.mounts()
				.replaceAll((m) -> m.destination().equals("/sys")
						? new Spec.Mount("/sys", m.type(), m.source(), List.of("nosuid", "noexec", "nodev", "rw")) : m);
			spec.deviceRules().clear();
			spec.deviceRules().add(new Spec.DeviceRule(true, null, null, null, "rwm"));
		};
	}

	/** No seccomp filter at all (the exception {@code seccomp-unconfined}). */
	public static SpecOpt unconfinedSeccomp() {
		return (spec) -> spec.seccomp(null);
	}

	/**
	 * Lets processes gain privileges through setuid programs and file capabilities (the
	 * exception {@code new-privileges}).
	 */
	public static SpecOpt newPrivileges() {
		return (spec) -> spec.noNewPrivileges(false);
	}

	/**
	 * Shares one of the host's namespaces ({@code pid}, {@code ipc}, {@code network}):
	 * the container gets no namespace of its own of that type.
	 */
	public static SpecOpt hostNamespace(String type) {
		return (spec) -> spec.namespaces().removeIf((ns) -> ns.type().equals(type));
	}

	/**
	 * Host devices: a node in the container for each, and a device cgroup rule that
	 * allows it.
	 */
	public static SpecOpt devices(List<Spec.Device> devices, List<String> permissions) {
		return (spec) -> {
			for (int i = 0; i < devices.size(); i++) {
				Spec.Device device = devices.get(i);
				spec.devices().add(device);
				spec.deviceRules()
					.add(new Spec.DeviceRule(true, device.type(), device.major(), device.minor(), permissions.get(i)));
			}
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

	/**
	 * Weights beside the limits: a memory reservation (the soft limit the kernel reclaims
	 * to under pressure) and CPU shares (the weight against other containers when CPUs
	 * are contended). Applied after {@link #resources}; null leaves a value unset.
	 */
	public static SpecOpt resourceWeights(Long memoryReservationBytes, Long cpuShares) {
		return (spec) -> {
			if (memoryReservationBytes != null) {
				Spec.Memory memory = spec.memory();
				spec.memory(new Spec.Memory((memory != null) ? memory.limit() : null, memoryReservationBytes,
						(memory != null) ? memory.swap() : null));
			}
			if (cpuShares != null) {
				Spec.Cpu cpu = spec.cpu();
				spec.cpu(new Spec.Cpu(cpuShares, (cpu != null) ? cpu.quota() : null,
						(cpu != null) ? cpu.period() : null, (cpu != null) ? cpu.cpus() : null));
			}
		};
	}

	/** Where the init process is bound inside a container that asks for one. */
	public static final String INIT_PATH = "/.bulkhead/init";

	/**
	 * Runs a small init (catatonit or tini, a static binary of the host bound read-only)
	 * as PID 1 with the container's command as its child: it reaps orphaned processes and
	 * passes signals on to the command. Applied after {@link #command}.
	 */
	public static SpecOpt init(String hostBinary) {
		return (spec) -> {
			spec.mounts().add(new Spec.Mount(INIT_PATH, "bind", hostBinary, List.of("rbind", "ro", "nosuid", "nodev")));
			List<String> command = new ArrayList<>(spec.args());
			spec.args().clear();
			spec.args().add(INIT_PATH);
			spec.args().add("--");
			spec.args().addAll(command);
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
	 * Mounts a user asked for (volumes, binds, tmpfs). Each replaces a mount Bulkhead
	 * would otherwise put at the same destination (such as the small /tmp of a read-only
	 * root), and they are mounted parents first.
	 */
	public static SpecOpt userMounts(List<Spec.Mount> mounts) {
		return (spec) -> {
			for (Spec.Mount mount : mounts) {
				spec.mounts().removeIf((m) -> m.destination().equals(mount.destination()));
			}
			List<Spec.Mount> ordered = new ArrayList<>(mounts);
			ordered.sort(java.util.Comparator.comparingInt((Spec.Mount m) -> depth(m.destination())));
			spec.mounts().addAll(ordered);
		};
	}

	/** A bind mount of a volume's directory or an allowed host path. */
	public static Spec.Mount bindMount(String source, String destination, boolean readOnly) {
		return new Spec.Mount(destination, "bind", source,
				List.of("rbind", "rprivate", "nosuid", "nodev", readOnly ? "ro" : "rw"));
	}

	/** A tmpfs of the given size and octal mode, without set-id programs or devices. */
	public static Spec.Mount tmpfsMount(String destination, long sizeBytes, String mode, boolean readOnly) {
		List<String> options = new ArrayList<>(
				List.of("nosuid", "nodev", "noexec", "size=" + sizeBytes, "mode=" + mode));
		if (readOnly) {
			options.add("ro");
		}
		return new Spec.Mount(destination, "tmpfs", "tmpfs", List.copyOf(options));
	}

	private static int depth(String path) {
		return (int) path.chars().filter((c) -> c == '/').count();
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
