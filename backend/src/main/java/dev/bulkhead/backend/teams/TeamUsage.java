package dev.bulkhead.backend.teams;

import java.math.BigDecimal;

/**
 * What a team uses of the things its quota limits.
 *
 * @param containers how many containers it has (created, running or exited)
 * @param memoryBytes the sum of their memory limits
 * @param cpus the sum of their CPU limits
 * @param volumeBytes the sum of the sizes of its volumes; 0 while the server has no
 * volumes
 */
public record TeamUsage(long containers, long memoryBytes, double cpus, long volumeBytes) {

	static long milliCpus(double cpus) {
		return Math.round(cpus * 1000);
	}

	/** Thousandths of a CPU as a person writes them: 1.5, 0.25, 2. */
	static String cpus(long milliCpus) {
		return BigDecimal.valueOf(milliCpus, 3).stripTrailingZeros().toPlainString();
	}

}
