package dev.bulkhead.backend.containers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.policy.PolicyAdmission;
import dev.bulkhead.backend.networks.NetworkService;
import dev.bulkhead.backend.teams.Team;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.backend.teams.TeamQuotas;
import dev.bulkhead.backend.teams.VolumeAccess;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.ContainerManager;
import dev.bulkhead.runtime.containers.MountSpec;
import dev.bulkhead.runtime.containers.ExecResult;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.runner.CriLogReader;
import dev.bulkhead.runtime.volumes.Volume;

/**
 * The one service every entry point (native API, dashboard, later the Docker-compatible
 * API) uses for containers, so rules are applied the same way everywhere: each call first
 * resolves the container among those the caller may see and checks their role
 * ({@link TeamAccess}), so the runtime is only asked about permitted containers.
 */
@Service
public class ContainerService {

	static final int MAX_WAIT_SECONDS = 3600;

	private final ContainerManager manager;

	private final TeamAccess access;

	private final TeamQuotas quotas;

	private final VolumeAccess volumes;

	private final PolicyAdmission admission;

	private final NetworkService networks;

	ContainerService(ContainerManager manager, TeamAccess access, TeamQuotas quotas, VolumeAccess volumes,
			PolicyAdmission admission, NetworkService networks) {
		this.networks = networks;
		this.manager = manager;
		this.access = access;
		this.quotas = quotas;
		this.volumes = volumes;
		this.admission = admission;
	}

	public List<Container> list() {
		Predicate<String> visible = this.access.visibleContainers();
		return this.manager.list().stream().filter((c) -> visible.test(c.id())).toList();
	}

	public Container get(String idOrName) {
		return this.manager.get(this.access.inspectContainer(idOrName));
	}

	/** Creates a container owned by the caller's only team. */
	public Container create(ContainerConfig config) {
		return create(null, config);
	}

	/**
	 * Creates a container owned by the named team ({@code null}: the caller's only team).
	 */
	public Container create(String team, ContainerConfig requested) {
		Team owner = this.access.teamForNewContainer(team);
		ContainerConfig config = requested;
		String network = requested.network();
		if (network != null && network.startsWith(NetworkDriver.CONTAINER_PREFIX)) {
			// only a container the caller can see may lend its network namespace
			String shared = network.substring(NetworkDriver.CONTAINER_PREFIX.length());
			if (!shared.isBlank()) {
				config = requested.withNetwork(NetworkDriver.CONTAINER_PREFIX + this.access.inspectContainer(shared));
			}
		}
		this.networks.requireUsableBy(config.network(), owner);
		this.volumes.requireMountable(config.mounts(), owner);
		if (config.mounts().stream().anyMatch((m) -> MountSpec.VOLUME.equals(m.type()))) {
			// Volumes a create makes start empty (or with the image's files): refused
			// only when the team's volumes already fill its quota.
			this.quotas.checkVolumeBytes(owner, 0);
		}
		ContainerConfig admitted = this.admission.admit(owner, config);
		Container created = this.quotas.createWithin(owner, admitted, () -> {
			Container container = this.manager.create(admitted, new Volume.Owner(owner.id(), owner.name()));
			try {
				this.access.recordOwner(container.id(), owner, container.name());
			}
			catch (RuntimeException ex) {
				// A container without an owner would be invisible to its team.
				this.manager.remove(container.id(), true, true);
				throw ex;
			}
			return container;
		});
		this.admission.recordUses(owner, created);
		return created;
	}

	/**
	 * The verdict a create of this request would get, with the same access rule as a
	 * create (a developer of the team); nothing is made.
	 */
	public PolicyAdmission.Evaluation evaluate(String team, ContainerConfig config) {
		return this.admission.evaluate(this.access.teamForNewContainer(team), config);
	}

	public Container start(String idOrName) {
		return this.manager.start(this.access.operateContainer(idOrName));
	}

	public Container stop(String idOrName, Integer timeoutSeconds) {
		if (timeoutSeconds != null && (timeoutSeconds < 0 || timeoutSeconds > MAX_WAIT_SECONDS)) {
			throw new InvalidArgumentException("timeout must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
		}
		return this.manager.stop(this.access.operateContainer(idOrName), timeoutSeconds);
	}

	/** Stops (the stop signal, then SIGKILL after the timeout) and starts again. */
	public Container restart(String idOrName, Integer timeoutSeconds) {
		if (timeoutSeconds != null && (timeoutSeconds < 0 || timeoutSeconds > MAX_WAIT_SECONDS)) {
			throw new InvalidArgumentException("timeout must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
		}
		return this.manager.restart(this.access.operateContainer(idOrName), timeoutSeconds);
	}

	/** Gives a container a new name, unique on the host. */
	public Container rename(String idOrName, String newName) {
		if (newName == null || newName.isBlank()) {
			throw new InvalidArgumentException("'name' is required: the container's new name");
		}
		String id = this.manager.get(this.access.renameContainer(idOrName)).id();
		Container renamed = this.manager.rename(id, newName.strip());
		this.access.recordRename(id, renamed.name());
		return renamed;
	}

	public Container pause(String idOrName) {
		return this.manager.pause(this.access.operateContainer(idOrName));
	}

	public Container unpause(String idOrName) {
		return this.manager.unpause(this.access.operateContainer(idOrName));
	}

	/** Output of a command is kept up to this many bytes per stream. */
	static final int MAX_EXEC_OUTPUT = 1 << 20;

	public ExecResult exec(String idOrName, List<String> command, int timeoutSeconds) {
		String id = this.access.operateContainer(idOrName);
		if (timeoutSeconds < 1 || timeoutSeconds > MAX_WAIT_SECONDS) {
			throw new InvalidArgumentException("timeoutSeconds must be between 1 and " + MAX_WAIT_SECONDS);
		}
		return this.manager.exec(id, command, Duration.ofSeconds(timeoutSeconds), MAX_EXEC_OUTPUT);
	}

	public Container kill(String idOrName, String signal) {
		return this.manager.kill(this.access.operateContainer(idOrName), signal);
	}

	public Container await(String idOrName, int timeoutSeconds) {
		if (timeoutSeconds < 0 || timeoutSeconds > MAX_WAIT_SECONDS) {
			throw new InvalidArgumentException("timeout must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
		}
		return this.manager.await(this.access.operateContainer(idOrName), Duration.ofSeconds(timeoutSeconds));
	}

	public List<CriLogReader.Entry> logs(String idOrName, boolean stdout, boolean stderr, Instant since, int tail) {
		return this.manager.logs(this.access.inspectContainer(idOrName), stdout, stderr, since, tail);
	}

	/**
	 * The OCI {@code config.json} runc was given at the container's last start, as
	 * written; anyone who may inspect the container may read it.
	 */
	public byte[] spec(String idOrName) {
		return this.manager.bundleConfig(this.access.inspectContainer(idOrName));
	}

	public void remove(String idOrName, boolean force) {
		remove(idOrName, force, false);
	}

	/** With {@code removeVolumes}, the container's anonymous volumes go too. */
	public void remove(String idOrName, boolean force, boolean removeVolumes) {
		String id = this.manager.get(this.access.removeContainer(idOrName)).id();
		this.manager.remove(id, force, removeVolumes);
		this.access.forgetOwner(id);
	}

}
