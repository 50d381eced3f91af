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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerConfig(String name, String image, List<String> entrypoint, List<String> command,
		Map<String, String> env, String user, String workingDir, String hostname, Map<String, String> labels,
		Resources resources, Security security, String stopSignal, Integer stopTimeoutSeconds, String network,
		List<PortMapping> ports) {

	public ContainerConfig {
		ports = (ports != null) ? List.copyOf(ports) : List.of();
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
				stopTimeoutSeconds, null, null);
	}

	ContainerConfig withNetwork(String network) {
		return new ContainerConfig(this.name, this.image, this.entrypoint, this.command, this.env, this.user,
				this.workingDir, this.hostname, this.labels, this.resources, this.security, this.stopSignal,
				this.stopTimeoutSeconds, network, this.ports);
	}

	/**
	 * Records written before networking existed name no network; those containers ran
	 * with loopback only, and keep doing so.
	 */
	public String networkMode() {
		return (this.network != null) ? this.network : NetworkDriver.NONE;
	}

	/** Limits; null means Bulkhead's default. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Resources(Long memoryBytes, Double cpus, Long pids) {
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
				this.stopTimeoutSeconds, this.network, this.ports);
	}

}
