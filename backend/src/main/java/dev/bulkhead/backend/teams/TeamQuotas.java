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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Keeps each team within its quota: the number of containers, the sums of their memory
 * and CPU limits (stopped containers included, since any of them may be started again),
 * and the bytes of its volumes. A check and the creation it admits run under one lock per
 * team, so two concurrent creates cannot both take the last unit of a quota; one server
 * owns its data root, so a lock in this process suffices.
 */
@Service
public class TeamQuotas {

	private static final long MIB = 1024L * 1024;

	private final TeamRepository teams;

	private final ContainerManager containers;

	private final ObjectProvider<TeamVolumeUsage> volumeUsage;

	private final long defaultMemoryBytes;

	private final long defaultMilliCpus;

	private final Map<Long, Object> locks = new ConcurrentHashMap<>();

	TeamQuotas(TeamRepository teams, ContainerManager containers, RuntimeSettings settings,
			ObjectProvider<TeamVolumeUsage> volumeUsage) {
		this.teams = teams;
		this.containers = containers;
		this.volumeUsage = volumeUsage;
		this.defaultMemoryBytes = settings.defaultMemoryBytes();
		this.defaultMilliCpus = TeamUsage.milliCpus(settings.defaultCpus());
	}

	/**
	 * Runs {@code create} (which makes the container and records its owner) if the team
	 * has room for a container with this configuration; refuses it naming the quota, the
	 * use and the limit otherwise.
	 */
	public Container createWithin(Team team, ContainerConfig config, Supplier<Container> create) {
		synchronized (lockOf(team)) {
			TeamQuota quota = quotaOf(team);
			if (quota.limitsContainers()) {
				admitContainer(team, quota, config);
			}
			return create.get();
		}
	}

	/**
	 * Refuses a volume of {@code requestedBytes} if the team's volumes would then take
	 * more than its volume quota. To make the check and the creation one step (so that
	 * parallel creates cannot overshoot), use {@link #createVolumeWithin}.
	 */
	public void checkVolumeBytes(Team team, long requestedBytes) {
		synchronized (lockOf(team)) {
			admitVolume(team, quotaOf(team), requestedBytes);
		}
	}

	/**
	 * Runs {@code create} (which makes the volume and records its owner) if the team has
	 * room for {@code requestedBytes} more; refuses it with the numbers otherwise.
	 */
	public <T> T createVolumeWithin(Team team, long requestedBytes, Supplier<T> create) {
		synchronized (lockOf(team)) {
			admitVolume(team, quotaOf(team), requestedBytes);
			return create.get();
		}
	}

	/** The bytes the team's volumes take now (0 while the server has no volumes). */
	public long volumeBytesOf(Team team) {
		TeamVolumeUsage usage = this.volumeUsage.getIfAvailable();
		return (usage != null) ? usage.volumeBytesOf(team) : 0;
	}

	/** What the team uses now of everything its quota limits. */
	public TeamUsage usageOf(Team team) {
		ContainerUse use = containerUse(team);
		return new TeamUsage(use.count, use.memoryBytes, use.milliCpus / 1000.0, volumeBytesOf(team));
	}

	/**
	 * The quota and use of each team the caller belongs to; an administrator sees every
	 * team's, being answerable for all of them.
	 */
	public java.util.List<TeamQuotaUse> quotaUseOf(Caller caller) {
		return this.teams.allTeams()
			.stream()
			.filter((team) -> caller.admin() || caller.isMemberOf(team.id()))
			.map((team) -> new TeamQuotaUse(team.name(), quotaOf(team), usageOf(team)))
			.toList();
	}

	TeamQuota quotaOf(Team team) {
		return this.teams.quotaOf(team.id()).orElse(TeamQuota.UNLIMITED);
	}

	private Object lockOf(Team team) {
		return this.locks.computeIfAbsent(team.id(), (id) -> new Object());
	}

	private void admitContainer(Team team, TeamQuota quota, ContainerConfig config) {
		ContainerUse use = containerUse(team);
		long requestedMemory = requestedMemory(config);
		long requestedMilliCpus = requestedMilliCpus(config);
		if (quota.containers() != null && use.count + 1 > quota.containers()) {
			throw denied("team '" + team.name() + "' has " + use.count + " of its " + quota.containers()
					+ " containers; remove one or ask an administrator to raise the quota");
		}
		if (quota.memoryBytes() != null && use.memoryBytes + requestedMemory > quota.memoryBytes()) {
			throw denied("team '" + team.name() + "' uses " + mib(use.memoryBytes) + " MiB of its "
					+ mib(quota.memoryBytes()) + " MiB memory quota and this container asks for " + mib(requestedMemory)
					+ " MiB; ask for less memory, remove a container, or ask an administrator to raise the quota");
		}
		if (quota.milliCpus() != null && use.milliCpus + requestedMilliCpus > quota.milliCpus()) {
			throw denied("team '" + team.name() + "' uses " + TeamUsage.cpus(use.milliCpus) + " of its "
					+ TeamUsage.cpus(quota.milliCpus()) + " CPUs quota and this container asks for "
					+ TeamUsage.cpus(requestedMilliCpus) + " CPUs; ask for fewer CPUs (resources.cpus), "
					+ "remove a container, or ask an administrator to raise the quota");
		}
	}

	private void admitVolume(Team team, TeamQuota quota, long requestedBytes) {
		if (quota.volumeBytes() == null) {
			return;
		}
		long used = volumeBytesOf(team);
		if (used + requestedBytes > quota.volumeBytes()) {
			throw denied("team '" + team.name() + "' uses " + mib(used) + " MiB of its " + mib(quota.volumeBytes())
					+ " MiB volume quota and this volume asks for " + mib(requestedBytes)
					+ " MiB; ask for less, remove a volume, or ask an administrator to raise the quota");
		}
	}

	private ContainerUse containerUse(Team team) {
		Map<String, Long> owners = this.teams.allOwners();
		ContainerUse use = new ContainerUse();
		for (Container container : this.containers.list()) {
			Long owner = owners.get(container.id());
			if (owner != null && owner == team.id()) {
				use.count++;
				boolean known = container.security() != null;
				use.memoryBytes += known ? container.security().memoryBytes() : this.defaultMemoryBytes;
				use.milliCpus += known ? TeamUsage.milliCpus(container.security().cpus()) : this.defaultMilliCpus;
			}
		}
		return use;
	}

	private long requestedMemory(ContainerConfig config) {
		ContainerConfig.Resources resources = config.resources();
		return (resources != null && resources.memoryBytes() != null) ? resources.memoryBytes()
				: this.defaultMemoryBytes;
	}

	private long requestedMilliCpus(ContainerConfig config) {
		ContainerConfig.Resources resources = config.resources();
		return (resources != null && resources.cpus() != null) ? TeamUsage.milliCpus(resources.cpus())
				: this.defaultMilliCpus;
	}

	private static long mib(long bytes) {
		return bytes / MIB;
	}

	private static ForbiddenException denied(String message) {
		ForbiddenException refusal = new ForbiddenException("quota exceeded: " + message);
		AuditTrail.markDenied(refusal.getMessage());
		return refusal;
	}

	/** The containers of one team and the sums of their limits. */
	private static final class ContainerUse {

		private long count;

		private long memoryBytes;

		private long milliCpus;

	}

}
