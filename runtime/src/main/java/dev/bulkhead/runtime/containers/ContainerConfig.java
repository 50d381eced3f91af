package dev.bulkhead.runtime.containers;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.networks.PortMapping;

/**
 * What a user asks for when creating a container. Absent fields take the image's values
 * or Bulkhead's defaults.
 *
 * @param entrypoint replaces the image's entrypoint (and drops its Cmd) when given
 * @param command replaces the image's Cmd when given
 * @param user {@code uid[:gid]} or a user name from the image's /etc/passwd
 * @param stopTimeoutSeconds time between the stop signal and SIGKILL (default 10)
 * @param network the network to join: a network's name or {@code none}; null at create
 * means the default network
 * @param ports ports to publish on the host (bridge networks only)
 * @param lifecycle restart policy, health check and init process; null means none of them
 * (the image's HEALTHCHECK still applies)
 * @param mounts volumes, host paths and tmpfs to mount; after create it also holds the
 * anonymous volumes made for the image's {@code VOLUME} entries
 * @param networkAliases more names the container answers to in the DNS of its
 * user-defined network, beside its name and short id
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerConfig(String name, String image, List<String> entrypoint, List<String> command,
		Map<String, String> env, String user, String workingDir, String hostname, Map<String, String> labels,
		Resources resources, Security security, String stopSignal, Integer stopTimeoutSeconds, String network,
		List<PortMapping> ports, Lifecycle lifecycle, List<MountSpec> mounts, List<String> networkAliases) {

	public ContainerConfig {
		lifecycle = (lifecycle != null) ? lifecycle : new Lifecycle(null, null, null);
		ports = (ports != null) ? List.copyOf(ports) : List.of();
		mounts = (mounts != null) ? List.copyOf(mounts) : List.of();
		networkAliases = (networkAliases != null) ? List.copyOf(networkAliases) : List.of();
		env = (env != null) ? Map.copyOf(env) : Map.of();
		labels = (labels != null) ? Map.copyOf(labels) : Map.of();
		resources = (resources != null) ? resources : new Resources(null, null, null);
		security = (security != null) ? security : new Security(null, null, null, null);
	}

	/** Without network fields: the container joins the default network. */
	public ContainerConfig(String name, String image, List<String> entrypoint, List<String> command,
			Map<String, String> env, String user, String workingDir, String hostname, Map<String, String> labels,
			Resources resources, Security security, String stopSignal, Integer stopTimeoutSeconds) {
		this(name, image, entrypoint, command, env, user, workingDir, hostname, labels, resources, security, stopSignal,
				stopTimeoutSeconds, null, null, null, null, null);
	}

	/** Without lifecycle options: never restarted, no init, the image's health check. */
	public ContainerConfig(String name, String image, List<String> entrypoint, List<String> command,
			Map<String, String> env, String user, String workingDir, String hostname, Map<String, String> labels,
			Resources resources, Security security, String stopSignal, Integer stopTimeoutSeconds, String network,
			List<PortMapping> ports) {
		this(name, image, entrypoint, command, env, user, workingDir, hostname, labels, resources, security, stopSignal,
				stopTimeoutSeconds, network, ports, null, null, null);
	}

	public ContainerConfig withNetwork(String network) {
		return new ContainerConfig(this.name, this.image, this.entrypoint, this.command, this.env, this.user,
				this.workingDir, this.hostname, this.labels, this.resources, this.security, this.stopSignal,
				this.stopTimeoutSeconds, network, this.ports, this.lifecycle, this.mounts, this.networkAliases);
	}

	ContainerConfig withName(String name) {
		return new ContainerConfig(name, this.image, this.entrypoint, this.command, this.env, this.user,
				this.workingDir, this.hostname, this.labels, this.resources, this.security, this.stopSignal,
				this.stopTimeoutSeconds, this.network, this.ports, this.lifecycle, this.mounts, this.networkAliases);
	}

	ContainerConfig withMounts(List<MountSpec> mounts) {
		return new ContainerConfig(this.name, this.image, this.entrypoint, this.command, this.env, this.user,
				this.workingDir, this.hostname, this.labels, this.resources, this.security, this.stopSignal,
				this.stopTimeoutSeconds, this.network, this.ports, this.lifecycle, mounts, this.networkAliases);
	}

	/**
	 * Records written before networking existed name no network; those containers ran
	 * with loopback only, and keep doing so.
	 */
	public String networkMode() {
		return (this.network != null) ? this.network : NetworkDriver.NONE;
	}

	/**
	 * Limits; null means Bulkhead's default.
	 *
	 * @param memoryReservationBytes the soft limit the kernel reclaims down to under
	 * memory pressure (cgroup v1 {@code memory.soft_limit_in_bytes}, v2
	 * {@code memory.low}); none by default
	 * @param cpuShares the relative CPU weight against other containers (cgroup v1
	 * {@code cpu.shares}, 2 to 262144; the kernel's default is 1024)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Resources(Long memoryBytes, Double cpus, Long pids, Long memoryReservationBytes, Long cpuShares) {

		/** Memory, CPU and pids limits only. */
		public Resources(Long memoryBytes, Double cpus, Long pids) {
			this(memoryBytes, cpus, pids, null, null);
		}

	}

	/**
	 * What happens around the container's process: whether it is restarted when it exits,
	 * how its health is probed, and whether a small init runs as PID 1.
	 *
	 * @param restartPolicy null means {@code no}
	 * @param healthcheck replaces the image's HEALTHCHECK (its zero or null durations
	 * inherit the image's); {@code ["NONE"]} turns the image's off
	 * @param init run Bulkhead's init (catatonit) as PID 1, which reaps orphaned
	 * processes and passes signals on to the command
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Lifecycle(RestartPolicy restartPolicy, Healthcheck healthcheck, Boolean init) {

		public RestartPolicy effectiveRestartPolicy() {
			return (this.restartPolicy != null) ? this.restartPolicy : RestartPolicy.NO;
		}

		public boolean initEnabled() {
			return Boolean.TRUE.equals(this.init);
		}

	}

	/**
	 * When the container is started again after its process exits, as docker names it.
	 *
	 * @param name {@code no}, {@code on-failure}, {@code always} or
	 * {@code unless-stopped}
	 * @param maximumRetryCount for {@code on-failure}: restarts at most this many times
	 * (0 or null: without limit)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record RestartPolicy(String name, Integer maximumRetryCount) {

		public static final RestartPolicy NO = new RestartPolicy("no", null);

	}

	/**
	 * A health probe: {@code test} is {@code ["CMD", program, args...]},
	 * {@code ["CMD-SHELL", command]} or {@code ["NONE"]}; times in milliseconds.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Healthcheck(List<String> test, Long intervalMillis, Long timeoutMillis, Long startPeriodMillis,
			Integer retries) {

		public Healthcheck {
			test = (test != null) ? List.copyOf(test) : null;
		}

	}

	/**
	 * Security options; every relaxation of the defaults is checked against the policy
	 * level and the exceptions granted by an admin ({@link PolicyCheck}).
	 *
	 * @param level the policy level asked for (default {@code restricted})
	 * @param capAdd capabilities to keep beyond none ({@code ALL} for every one)
	 * @param readOnlyRootfs false asks for a writable root filesystem
	 * @param seccompProfile {@code default} or {@code unconfined}
	 * @param privileged Docker's privileged mode: every capability, no seccomp filter, a
	 * writable root, every device, nothing masked in /proc and /sys
	 * @param securityOpt Docker-style options: {@code no-new-privileges[:true|false]},
	 * {@code seccomp=unconfined}
	 * @param usernsMode empty or {@code host}; Bulkhead never remaps user ids, so both
	 * mean the host's user ids
	 * @param pidMode empty or {@code host} (share the host's process namespace)
	 * @param ipcMode empty, {@code private}, {@code shareable} or {@code host}
	 * @param devices host devices, Docker-style {@code /dev/host[:/dev/inside[:rwm]]}
	 * @param exceptions the admin-granted exceptions the container was admitted under;
	 * set by the server at admission, never by the requester
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Security(String level, List<String> capAdd, Boolean readOnlyRootfs, String seccompProfile,
			Boolean privileged, List<String> securityOpt, String usernsMode, String pidMode, String ipcMode,
			List<String> devices, List<AppliedException> exceptions) {

		public Security {
			capAdd = (capAdd != null) ? List.copyOf(capAdd) : List.of();
			securityOpt = (securityOpt != null) ? List.copyOf(securityOpt) : List.of();
			devices = (devices != null) ? List.copyOf(devices) : List.of();
			exceptions = (exceptions != null) ? List.copyOf(exceptions) : List.of();
		}

		/** Only the options that existed before the Docker-style ones. */
		public Security(String level, List<String> capAdd, Boolean readOnlyRootfs, String seccompProfile) {
			this(level, capAdd, readOnlyRootfs, seccompProfile, null, null, null, null, null, null, null);
		}

		/** The same request, admitted under these exceptions. */
		public Security withExceptions(List<AppliedException> exceptions) {
			return new Security(this.level, this.capAdd, this.readOnlyRootfs, this.seccompProfile, this.privileged,
					this.securityOpt, this.usernsMode, this.pidMode, this.ipcMode, this.devices, exceptions);
		}

		/** True when privileged mode is asked for. */
		public boolean asksForPrivileged() {
			return Boolean.TRUE.equals(this.privileged);
		}

	}

	/** The same request with its security options replaced. */
	public ContainerConfig withSecurity(Security security) {
		return new ContainerConfig(this.name, this.image, this.entrypoint, this.command, this.env, this.user,
				this.workingDir, this.hostname, this.labels, this.resources, security, this.stopSignal,
				this.stopTimeoutSeconds, this.network, this.ports, this.lifecycle, this.mounts, this.networkAliases);
	}

}
