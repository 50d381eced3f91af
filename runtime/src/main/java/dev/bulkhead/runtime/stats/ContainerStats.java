package dev.bulkhead.runtime.stats;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reading of a container's resource usage.
 *
 * @param read when the reading was taken
 * @param cgroupVersion 1 or 2, the hierarchy the numbers come from
 * @param cpu CPU time and throttling
 * @param memory memory use, working set, limit and peak
 * @param pids processes and their limit
 * @param network bytes and packets through the container's interfaces (loopback left
 * out); null for a container without its own network namespace
 * @param blockIo bytes read from and written to block devices
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerStats(Instant read, int cgroupVersion, Cpu cpu, Memory memory, Pids pids, Network network,
		BlockIo blockIo) {

	/**
	 * CPU time and throttling.
	 *
	 * @param usageNanos CPU time used since the container started, all CPUs together
	 * @param userNanos of which in user mode (null where the kernel does not say)
	 * @param systemNanos of which in the kernel (null where the kernel does not say)
	 * @param limitCpus the CFS quota in CPUs (quota / period), null for no limit
	 * @param periods CFS enforcement periods that have elapsed while it ran
	 * @param throttledPeriods periods in which the container hit its quota
	 * @param throttledNanos total time its runnable tasks waited for the next period
	 * @param percent CPU use between this reading and the previous one, in percent of one
	 * CPU (200 is two CPUs busy); null for a single reading
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Cpu(long usageNanos, Long userNanos, Long systemNanos, Double limitCpus, long periods,
			long throttledPeriods, long throttledNanos, Double percent) {

		Cpu withPercent(Double value) {
			return new Cpu(this.usageNanos, this.userNanos, this.systemNanos, this.limitCpus, this.periods,
					this.throttledPeriods, this.throttledNanos, value);
		}

	}

	/**
	 * Memory.
	 *
	 * @param usageBytes what the kernel charges the cgroup, page cache included
	 * @param workingSetBytes usage less inactive file pages: what the kernel cannot
	 * easily reclaim, the number that approaches the limit before an OOM kill
	 * @param limitBytes the limit, null for none
	 * @param peakBytes the highest usage seen (v1 {@code memory.max_usage_in_bytes}, v2
	 * {@code memory.peak}); null where the kernel does not keep it
	 * @param anonBytes anonymous memory (heap, stacks)
	 * @param fileBytes page cache
	 * @param inactiveFileBytes page cache the kernel may reclaim first
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Memory(long usageBytes, long workingSetBytes, Long limitBytes, Long peakBytes, long anonBytes,
			long fileBytes, long inactiveFileBytes) {
	}

	/**
	 * Processes.
	 *
	 * @param current tasks in the container now
	 * @param limit the pids limit, null for none
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Pids(long current, Long limit) {
	}

	/** Totals over the container's interfaces, loopback left out. */
	public record Network(long rxBytes, long rxPackets, long txBytes, long txPackets) {
	}

	/** Bytes read from and written to block devices (page cache hits are not counted). */
	public record BlockIo(long readBytes, long writeBytes) {
	}

	ContainerStats withCpuPercent(Double percent) {
		return new ContainerStats(this.read, this.cgroupVersion, this.cpu.withPercent(percent), this.memory, this.pids,
				this.network, this.blockIo);
	}

}
