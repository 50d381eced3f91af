package dev.bulkhead.backend.overview;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.LifecycleStatus;

/**
 * Decides which containers need a look, from what the runtime records about each: an OOM
 * kill, a failed start, a failing health check, a restart loop, or a restart policy that
 * gave up.
 */
final class OverviewAlerts {

	/**
	 * Restarts by the policy, since a user last started the container, that make a loop
	 * when the runs between them stay short.
	 */
	static final int LOOP_RESTARTS = 3;

	/**
	 * A run shorter than this counts as a crash in a loop; the runtime's restart back-off
	 * starts over after a run this long, so a container past it has recovered.
	 */
	static final Duration SHORT_RUN = Duration.ofSeconds(10);

	private OverviewAlerts() {
	}

	static List<OverviewAlert> of(List<Container> containers, Instant now) {
		List<OverviewAlert> alerts = new ArrayList<>();
		for (Container c : containers) {
			if (c.oomKilled()) {
				String evidence = (c.memoryAtExit() != null && c.memoryAtExit().peakBytes() != null) ? " (peak "
						+ mib(c.memoryAtExit().peakBytes()) + " of "
						+ ((c.memoryAtExit().limitBytes() != null) ? mib(c.memoryAtExit().limitBytes()) : "no limit")
						+ ")" : "";
				alerts.add(new OverviewAlert(c.id(), c.name(), "killed for running out of memory" + evidence));
			}
			else if (c.error() != null && !c.isRunning()) {
				alerts.add(new OverviewAlert(c.id(), c.name(), "failed: " + c.error()));
			}
			unhealthy(c).ifPresent(alerts::add);
			restarts(c, now).ifPresent(alerts::add);
		}
		return alerts;
	}

	/** A running container whose health check failed its retries in a row. */
	static java.util.Optional<OverviewAlert> unhealthy(Container c) {
		LifecycleStatus.Health health = c.lifecycle().health();
		if (!c.isRunning() || health == null || !LifecycleStatus.Health.UNHEALTHY.equals(health.status())) {
			return java.util.Optional.empty();
		}
		String last = "";
		if (!health.log().isEmpty()) {
			LifecycleStatus.Probe probe = health.log().get(health.log().size() - 1);
			String output = (probe.output() != null) ? probe.output().strip() : "";
			last = "; the last exited with " + probe.exitCode() + (output.isEmpty() ? "" : ": " + abbreviate(output));
		}
		return java.util.Optional.of(new OverviewAlert(c.id(), c.name(),
				"unhealthy: " + health.failingStreak() + " health checks failed in a row" + last));
	}

	/**
	 * A restart policy that gave up (on-failure with its retries used up), or a loop: at
	 * least {@link #LOOP_RESTARTS} policy restarts with the latest run shorter than
	 * {@link #SHORT_RUN}.
	 */
	static java.util.Optional<OverviewAlert> restarts(Container c, Instant now) {
		int count = c.lifecycle().restartCount();
		if (count == 0 || c.lifecycle().manuallyStopped()) {
			return java.util.Optional.empty();
		}
		ContainerConfig.RestartPolicy policy = c.config().lifecycle().effectiveRestartPolicy();
		Integer max = policy.maximumRetryCount();
		boolean gaveUp = "on-failure".equals(policy.name()) && max != null && max > 0 && count >= max && !c.isRunning()
				&& !c.isRestarting() && c.exitCode() != null && c.exitCode() != 0;
		if (gaveUp) {
			return java.util.Optional.of(new OverviewAlert(c.id(), c.name(),
					"restart policy gave up after " + count + " restarts; the last run exited with " + c.exitCode()));
		}
		if (count < LOOP_RESTARTS || c.started() == null) {
			return java.util.Optional.empty();
		}
		Instant runEnd = c.isRunning() ? now : c.finished();
		if (runEnd == null || Duration.between(c.started(), runEnd).compareTo(SHORT_RUN) >= 0) {
			return java.util.Optional.empty();
		}
		String exit = (!c.isRunning() && c.exitCode() != null) ? "; the last run exited with " + c.exitCode()
				+ " after " + Duration.between(c.started(), runEnd).toMillis() + " ms" : "";
		String next = c.isRestarting() ? "; waiting out its back-off before the next restart" : "";
		return java.util.Optional.of(new OverviewAlert(c.id(), c.name(),
				"restart loop: restarted " + count + " times by its policy" + exit + next));
	}

	private static String abbreviate(String text) {
		String line = text.lines().findFirst().orElse("");
		return (line.length() > 120) ? line.substring(0, 117) + "..." : line;
	}

	static String mib(long bytes) {
		return (bytes / (1024 * 1024)) + " MiB";
	}

}
