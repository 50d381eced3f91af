package dev.bulkhead.runtime.containers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What happened to a container around its process, kept in its record so it survives a
 * server restart.
 *
 * @param restartCount how many times the restart policy started it again since a user
 * last started it
 * @param manuallyStopped a user stopped (or killed) it, so its restart policy leaves it
 * alone until it is started again ({@code unless-stopped} also across a server restart)
 * @param health the result of its health probes while it runs; null when it has no health
 * check or is not running
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifecycleStatus(int restartCount, boolean manuallyStopped, Health health) {

	static final LifecycleStatus NEW = new LifecycleStatus(0, false, null);

	/** Probe results kept per container, newest last (docker keeps five as well). */
	static final int HEALTH_LOG_SIZE = 5;

	LifecycleStatus started(boolean probed) {
		return new LifecycleStatus(this.restartCount, false, probed ? Health.STARTING : null);
	}

	/** A container whose process is gone is neither healthy nor unhealthy. */
	LifecycleStatus exited() {
		return new LifecycleStatus(this.restartCount, this.manuallyStopped, null);
	}

	LifecycleStatus stoppedByUser() {
		return new LifecycleStatus(this.restartCount, true, this.health);
	}

	LifecycleStatus restarted() {
		return new LifecycleStatus(this.restartCount + 1, false, this.health);
	}

	/** A start by a user begins a new count, as in docker. */
	LifecycleStatus startedByUser() {
		return new LifecycleStatus(0, false, this.health);
	}

	LifecycleStatus withHealth(Health health) {
		return new LifecycleStatus(this.restartCount, this.manuallyStopped, health);
	}

	/**
	 * Health as docker reports it.
	 *
	 * @param status {@code starting}, {@code healthy} or {@code unhealthy}
	 * @param failingStreak consecutive failed probes (those in the start period are not
	 * counted)
	 * @param log the last five probes, oldest first
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Health(String status, int failingStreak, List<Probe> log) {

		public static final String STARTING_STATUS = "starting";

		public static final String HEALTHY = "healthy";

		public static final String UNHEALTHY = "unhealthy";

		static final Health STARTING = new Health(STARTING_STATUS, 0, List.of());

		public Health {
			log = (log != null) ? List.copyOf(log) : List.of();
		}

		/**
		 * The health after one more probe: a pass makes it healthy; a failure counts
		 * unless it falls in the start period, and {@code retries} failures in a row make
		 * it unhealthy.
		 */
		Health after(Probe probe, boolean inStartPeriod, int retries) {
			List<Probe> kept = new ArrayList<>(this.log);
			kept.add(probe);
			while (kept.size() > HEALTH_LOG_SIZE) {
				kept.remove(0);
			}
			if (probe.exitCode() == 0) {
				return new Health(HEALTHY, 0, kept);
			}
			if (inStartPeriod && !this.status.equals(HEALTHY)) {
				return new Health(this.status, this.failingStreak, kept);
			}
			int streak = this.failingStreak + 1;
			return new Health((streak >= retries) ? UNHEALTHY : this.status, streak, kept);
		}

	}

	/**
	 * One health probe.
	 *
	 * @param exitCode the probe's exit code; -1 when it timed out or could not run
	 * @param output the start of its output (stdout and stderr), for diagnosis
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Probe(Instant start, Instant end, int exitCode, String output) {
	}

}
