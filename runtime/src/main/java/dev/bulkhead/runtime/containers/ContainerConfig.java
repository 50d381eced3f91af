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
 * @param networkAliases more names the container answers to in the DNS of its
 * user-defined network, beside its name and short id
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerConfig(String name, String image, List<String> entrypoint, List<String> command,
		Map<String, String> env, String user, String workingDir, String hostname, Map<String, String> labels,
		Resources resources, Security security, String stopSignal, Integer stopTimeoutSeconds, String network,
		List<PortMapping> ports, List<String> networkAliases) {

	public ContainerConfig {
		ports = (ports != null) ? List.copyOf(ports) : List.of();
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
				stopTimeoutSeconds, null, null);
	}

	/** Without network aliases. */
	public ContainerConfig(String name, String image, List<String> entrypoint, List<String> command,
			Map<String, String> env, String user, String workingDir, String hostname, Map<String, String> labels,
			Resources resources, Security security, String stopSignal, Integer stopTimeoutSeconds, String network,
			List<PortMapping> ports) {
		this(name, image, entrypoint, command, env, user, workingDir, hostname, labels, resources, security, stopSignal,
				stopTimeoutSeconds, network, ports, null);
	}

	public ContainerConfig withNetwork(String network) {
		return new ContainerConfig(this.name, this.image, this.entrypoint, this.command, this.env, this.user,
				this.workingDir, this.hostname, this.labels, this.resources, this.security, this.stopSignal,
				this.stopTimeoutSeconds, network, this.ports, this.networkAliases);
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
	 * level.
	 *
	 * @param level the policy level asked for (default {@code restricted})
	 * @param capAdd capabilities to keep beyond none
	 * @param readOnlyRootfs false asks for a writable root filesystem
	 * @param seccompProfile {@code default} or {@code unconfined}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Security(String level, List<String> capAdd, Boolean readOnlyRootfs, String seccompProfile) {

		public Security {
			capAdd = (capAdd != null) ? List.copyOf(capAdd) : List.of();
		}

	}

}
