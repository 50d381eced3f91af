package dev.bulkhead.backend.teams;

/**
 * A team's limits; {@code null} means unlimited.
 *
 * @param containers how many containers the team may have (created, running or exited)
 * @param memoryBytes the sum of their memory limits
 * @param cpus the sum of their CPU limits (a container without one counts as the server's
 * default)
 * @param volumeBytes the sum of the sizes of the team's volumes
 */
public record TeamQuota(Integer containers, Long memoryBytes, Double cpus, Long volumeBytes) {

	static final TeamQuota UNLIMITED = new TeamQuota(null, null, null, null);

	/** Containers and memory only, the limits that came first. */
	public TeamQuota(Integer containers, Long memoryBytes) {
		this(containers, memoryBytes, null, null);
	}

	boolean limitsContainers() {
		return this.containers != null || this.memoryBytes != null || this.cpus != null;
	}

	/** The CPU limit in thousandths of a CPU, the unit sums are made in. */
	Long milliCpus() {
		return (this.cpus != null) ? TeamUsage.milliCpus(this.cpus) : null;
	}

}
