package dev.bulkhead.backend.containers;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.networks.PortSpecs;

/**
 * The body of {@code POST /api/v1/containers} (and of {@code /api/v1/policy/evaluate}
 * later). {@code ports} are strings ({@code [hostIp:][hostPort:]containerPort[/proto]})
 * or objects; {@code network} names a network or {@code none} (default: the
 * {@code bulkhead} bridge). Fields for capabilities that have not landed yet (mounts,
 * restart policy, health checks) are accepted in the shape scripts will use, and refused
 * with a clear message when set.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CreateContainerRequest(String name, String image, List<String> entrypoint, List<String> command,
		Map<String, String> env, String user, String workingDir, String hostname, Map<String, String> labels,
		Resources resources, List<Object> ports, List<Object> mounts, String network, Object restartPolicy,
		Object healthcheck, Security security, String stopSignal, Integer stopTimeoutSeconds, String team,
		List<String> networkAliases) {

	private static final java.util.regex.Pattern ALIAS = java.util.regex.Pattern
		.compile("[a-zA-Z0-9]([a-zA-Z0-9_-]{0,62})(\\.[a-zA-Z0-9]([a-zA-Z0-9_-]{0,62}))*");

	/** Without network aliases. */
	CreateContainerRequest(String name, String image, List<String> entrypoint, List<String> command,
			Map<String, String> env, String user, String workingDir, String hostname, Map<String, String> labels,
			Resources resources, List<Object> ports, List<Object> mounts, String network, Object restartPolicy,
			Object healthcheck, Security security, String stopSignal, Integer stopTimeoutSeconds, String team) {
		this(name, image, entrypoint, command, env, user, workingDir, hostname, labels, resources, ports, mounts,
				network, restartPolicy, healthcheck, security, stopSignal, stopTimeoutSeconds, team, null);
	}

	record Resources(Long memoryBytes, Double cpus, Long pids) {
	}

	record Security(String level, List<String> capAdd, Boolean readOnlyRootfs, String seccompProfile) {
	}

	ContainerConfig toConfig() {
		refuseUnsupported("mounts", this.mounts != null && !this.mounts.isEmpty(), "mounts and volumes");
		refuseUnsupported("restartPolicy", this.restartPolicy != null && !"no".equals(this.restartPolicy),
				"restart policies");
		refuseUnsupported("healthcheck", this.healthcheck != null, "health checks");
		if (this.networkAliases != null) {
			for (int i = 0; i < this.networkAliases.size(); i++) {
				String alias = this.networkAliases.get(i);
				if (alias == null || alias.length() > 253 || !ALIAS.matcher(alias).matches()) {
					throw new InvalidArgumentException("networkAliases[" + i + "]: '" + alias
							+ "' is not a DNS name: use letters, digits, '-' and '_' in dot-separated labels");
				}
			}
		}
		ContainerConfig.Resources r = (this.resources != null) ? new ContainerConfig.Resources(
				this.resources.memoryBytes(), this.resources.cpus(), this.resources.pids()) : null;
		ContainerConfig.Security s = (this.security != null) ? new ContainerConfig.Security(this.security.level(),
				this.security.capAdd(), this.security.readOnlyRootfs(), this.security.seccompProfile()) : null;
		return new ContainerConfig(this.name, this.image, this.entrypoint, this.command, this.env, this.user,
				this.workingDir, this.hostname, this.labels, r, s, this.stopSignal, this.stopTimeoutSeconds,
				(this.network != null && !this.network.isBlank()) ? this.network : null, PortSpecs.parse(this.ports),
				this.networkAliases);
	}

	private static void refuseUnsupported(String field, boolean set, String what) {
		if (set) {
			throw new InvalidArgumentException(
					field + ": " + what + " are not supported by this Bulkhead version yet; leave '" + field + "' out");
		}
	}

}
