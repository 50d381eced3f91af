package dev.bulkhead.backend.containers;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.MountSpec;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.networks.PortSpecs;

/**
 * The body of {@code POST /api/v1/containers} and of
 * {@code POST /api/v1/policy/evaluate}. {@code ports} are strings
 * ({@code [hostIp:][hostPort:]containerPort[/proto]}) or objects; {@code network} names a
 * network or {@code none} (default: the {@code bulkhead} bridge); {@code mounts} are
 * {@code {type: volume|bind|tmpfs, source, target, readOnly, tmpfsSizeBytes, tmpfsMode}}.
 * {@code restartPolicy}, {@code healthcheck} and {@code init} are read by
 * {@link LifecycleRequest}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CreateContainerRequest(String name, String image, List<String> entrypoint, List<String> command,
		Map<String, String> env, String user, String workingDir, String hostname, Map<String, String> labels,
		Resources resources, List<Object> ports, List<MountSpec> mounts, String network, Object restartPolicy,
		Object healthcheck, Security security, String stopSignal, Integer stopTimeoutSeconds, String team, Boolean init,
		List<String> networkAliases) {

	private static final java.util.regex.Pattern ALIAS = java.util.regex.Pattern
		.compile("[a-zA-Z0-9]([a-zA-Z0-9_-]{0,62})(\\.[a-zA-Z0-9]([a-zA-Z0-9_-]{0,62}))*");

	/** Without {@code init}. */
	CreateContainerRequest(String name, String image, List<String> entrypoint, List<String> command,
			Map<String, String> env, String user, String workingDir, String hostname, Map<String, String> labels,
			Resources resources, List<Object> ports, List<MountSpec> mounts, String network, Object restartPolicy,
			Object healthcheck, Security security, String stopSignal, Integer stopTimeoutSeconds, String team) {
		this(name, image, entrypoint, command, env, user, workingDir, hostname, labels, resources, ports, mounts,
				network, restartPolicy, healthcheck, security, stopSignal, stopTimeoutSeconds, team, null, null);
	}

	record Resources(Long memoryBytes, Double cpus, Long pids, Long memoryReservationBytes, Long cpuShares) {

		Resources(Long memoryBytes, Double cpus, Long pids) {
			this(memoryBytes, cpus, pids, null, null);
		}

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
		if (this.networkAliases != null) {
			for (int i = 0; i < this.networkAliases.size(); i++) {
				String alias = this.networkAliases.get(i);
				if (alias == null || alias.length() > 253 || !ALIAS.matcher(alias).matches()) {
					throw new InvalidArgumentException("networkAliases[" + i + "]: '" + alias
							+ "' is not a DNS name: use letters, digits, '-' and '_' in dot-separated labels");
				}
			}
		}
		ContainerConfig.Resources r = (this.resources != null)
				? new ContainerConfig.Resources(this.resources.memoryBytes(), this.resources.cpus(),
						this.resources.pids(), this.resources.memoryReservationBytes(), this.resources.cpuShares())
				: null;
		ContainerConfig.Security s = (this.security != null) ? this.security.toConfig() : null;
		return new ContainerConfig(this.name, this.image, this.entrypoint, this.command, this.env, this.user,
				this.workingDir, this.hostname, this.labels, r, s, this.stopSignal, this.stopTimeoutSeconds,
				(this.network != null && !this.network.isBlank()) ? this.network : null, PortSpecs.parse(this.ports),
				LifecycleRequest.parse(this.restartPolicy, this.healthcheck, this.init), this.mounts,
				this.networkAliases);
	}

}
