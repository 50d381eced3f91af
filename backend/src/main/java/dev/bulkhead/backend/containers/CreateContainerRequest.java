package dev.bulkhead.backend.containers;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.networks.PortSpecs;

/**
 * The body of {@code POST /api/v1/containers} and of
 * {@code POST /api/v1/policy/evaluate}. {@code ports} are strings
 * ({@code [hostIp:][hostPort:]containerPort[/proto]}) or objects; {@code network} names a
 * network or {@code none} (default: the {@code bulkhead} bridge). Fields for capabilities
 * that have not landed yet (mounts, restart policy, health checks) are accepted in the
 * shape scripts will use, and refused with a clear message when set.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CreateContainerRequest(String name, String image, List<String> entrypoint, List<String> command,
		Map<String, String> env, String user, String workingDir, String hostname, Map<String, String> labels,
		Resources resources, List<Object> ports, List<Object> mounts, String network, Object restartPolicy,
		Object healthcheck, Security security, String stopSignal, Integer stopTimeoutSeconds, String team) {

	record Resources(Long memoryBytes, Double cpus, Long pids) {
	}

	/**
	 * Security options; {@code privileged}, {@code securityOpt}, {@code usernsMode},
	 * {@code pidMode}, {@code ipcMode} and {@code devices} are Docker's and go through
	 * the same admission.
	 */
	record Security(String level, List<String> capAdd, Boolean readOnlyRootfs, String seccompProfile,
			Boolean privileged, List<String> securityOpt, String usernsMode, String pidMode, String ipcMode,
			List<String> devices) {

		/** Only the options that existed before the Docker-style ones. */
		Security(String level, List<String> capAdd, Boolean readOnlyRootfs, String seccompProfile) {
			this(level, capAdd, readOnlyRootfs, seccompProfile, null, null, null, null, null, null);
		}

		ContainerConfig.Security toConfig() {
			return new ContainerConfig.Security(this.level, this.capAdd, this.readOnlyRootfs, this.seccompProfile,
					this.privileged, this.securityOpt, this.usernsMode, this.pidMode, this.ipcMode, this.devices, null);
		}

	}

	ContainerConfig toConfig() {
		refuseUnsupported("mounts", this.mounts != null && !this.mounts.isEmpty(), "mounts and volumes");
		refuseUnsupported("restartPolicy", this.restartPolicy != null && !"no".equals(this.restartPolicy),
				"restart policies");
		refuseUnsupported("healthcheck", this.healthcheck != null, "health checks");
		ContainerConfig.Resources r = (this.resources != null) ? new ContainerConfig.Resources(
				this.resources.memoryBytes(), this.resources.cpus(), this.resources.pids()) : null;
		ContainerConfig.Security s = (this.security != null) ? this.security.toConfig() : null;
		return new ContainerConfig(this.name, this.image, this.entrypoint, this.command, this.env, this.user,
				this.workingDir, this.hostname, this.labels, r, s, this.stopSignal, this.stopTimeoutSeconds,
				(this.network != null && !this.network.isBlank()) ? this.network : null, PortSpecs.parse(this.ports));
	}

	private static void refuseUnsupported(String field, boolean set, String what) {
		if (set) {
			throw new InvalidArgumentException(
					field + ": " + what + " are not supported by this Bulkhead version yet; leave '" + field + "' out");
		}
	}

}
