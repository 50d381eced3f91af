package dev.bulkhead.backend.overview;

import java.math.BigDecimal;
import java.util.List;

import dev.bulkhead.backend.teams.TeamQuota;
import dev.bulkhead.backend.teams.TeamQuotaUse;
import dev.bulkhead.backend.teams.TeamUsage;

/**
 * A team's quota use as the overview's card shows it: one line per limited thing.
 *
 * @param team the team's name
 * @param lines containers, memory, CPUs and volume bytes, in that order
 */
record QuotaCard(String team, List<Line> lines) {

	private static final long MIB = 1024L * 1024;

	/**
	 * One limit: {@code used} and {@code limit} in words; {@code value} and {@code max}
	 * feed the meter, which is left out without a limit.
	 */
	record Line(String label, String used, String limit, double value, Double max) {

		public boolean limited() {
			return this.max != null;
		}

	}

	static QuotaCard of(TeamQuotaUse use) {
		TeamQuota q = use.quota();
		TeamUsage u = use.usage();
		return new QuotaCard(use.team(),
				List.of(new Line("Containers", String.valueOf(u.containers()),
						(q.containers() != null) ? String.valueOf(q.containers()) : null, u.containers(),
						(q.containers() != null) ? q.containers().doubleValue() : null),
						new Line("Memory", mib(u.memoryBytes()), (q.memoryBytes() != null)
								? mib(q.memoryBytes()) : null, u.memoryBytes(),
								(q.memoryBytes() != null) ? q.memoryBytes().doubleValue() : null),
						new Line("CPUs", number(u.cpus()), (q.cpus() != null) ? number(q.cpus()) : null, u.cpus(),
								q.cpus()),
						new Line("Volume space", mib(u.volumeBytes()),
								(q.volumeBytes() != null) ? mib(q.volumeBytes()) : null, u.volumeBytes(),
								(q.volumeBytes() != null) ? q.volumeBytes().doubleValue() : null)));
	}

	private static String mib(long bytes) {
		return (bytes % MIB == 0 || bytes >= 100 * MIB) ? (bytes / MIB) + " MiB"
				: BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(MIB), 1, java.math.RoundingMode.HALF_UP) + " MiB";
	}

	private static String number(double value) {
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

}
