package dev.bulkhead.backend.teams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.bulkhead.backend.audit.AuditTrail;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.ContainerManager;
import dev.bulkhead.runtime.containers.RuntimeSettings;
import dev.bulkhead.runtime.errors.ForbiddenException;

import org.springframework.stereotype.Service;

/**
 * Keeps each team within its quota of containers and of memory (the sum of the memory
 * limits of all its containers, stopped ones included, since any of them may be started
 * again). The check and the creation it admits run under one lock per team, so two
 * concurrent creates cannot both take the last unit of a quota; one server owns its data
 * root, so a lock in this process suffices.
 */
@Service
public class TeamQuotas {

	private final TeamRepository teams;

	private final ContainerManager containers;

	private final long defaultMemoryBytes;

	private final Map<Long, Object> locks = new ConcurrentHashMap<>();

	TeamQuotas(TeamRepository teams, ContainerManager containers, RuntimeSettings settings) {
		this.teams = teams;
		this.containers = containers;
		this.defaultMemoryBytes = settings.defaultMemoryBytes();
	}

	/**
	 * Runs {@code create} (which makes the container and records its owner) if the team
	 * has room for a container with this configuration; refuses it naming use and limit
	 * otherwise.
	 */
	public Container createWithin(Team team, ContainerConfig config, Supplier<Container> create) {
		synchronized (this.locks.computeIfAbsent(team.id(), (id) -> new Object())) {
			TeamQuota quota = this.teams.quotaOf(team.id()).orElse(TeamQuota.UNLIMITED);
			if (quota.containers() != null || quota.memoryBytes() != null) {
				admit(team, quota, requestedMemory(config));
			}
			return create.get();
		}
	}

	private void admit(Team team, TeamQuota quota, long requestedMemory) {
		Map<String, Long> owners = this.teams.allOwners();
		long count = 0;
		long memory = 0;
		for (Container container : this.containers.list()) {
			Long owner = owners.get(container.id());
			if (owner != null && owner == team.id()) {
				count++;
				memory += (container.security() != null) ? container.security().memoryBytes() : this.defaultMemoryBytes;
			}
		}
		if (quota.containers() != null && count + 1 > quota.containers()) {
			throw denied("team '" + team.name() + "' has " + count + " of its " + quota.containers()
					+ " containers; remove one or ask an administrator to raise the quota");
		}
		if (quota.memoryBytes() != null && memory + requestedMemory > quota.memoryBytes()) {
			throw denied("team '" + team.name() + "' uses " + mib(memory) + " MiB of its " + mib(quota.memoryBytes())
					+ " MiB memory quota and this container asks for " + mib(requestedMemory)
					+ " MiB; ask for less memory, remove a container, or ask an administrator to raise the quota");
		}
	}

	private long requestedMemory(ContainerConfig config) {
		ContainerConfig.Resources resources = config.resources();
		return (resources != null && resources.memoryBytes() != null) ? resources.memoryBytes()
				: this.defaultMemoryBytes;
	}

	private static long mib(long bytes) {
		return bytes / (1024 * 1024);
	}

	private static ForbiddenException denied(String message) {
		ForbiddenException refusal = new ForbiddenException("quota exceeded: " + message);
		AuditTrail.markDenied(refusal.getMessage());
		return refusal;
	}

}
