package dev.bulkhead.runtime.containers;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bulkhead.runtime.runner.CommandRunner;
import dev.bulkhead.runtime.runner.RuncClient;

/**
 * Runs the health probes of running containers through {@code runc exec} (the path of the
 * exec API, so a probe has the container's user, capabilities and seccomp filter) and
 * records the result in the container's record. Probing stops when the container's
 * process is gone, and the exit clears the health, so a dead container is never shown
 * healthy.
 */
final class HealthMonitor implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

	/** Output kept per probe, as in docker. */
	static final int MAX_OUTPUT = 4096;

	private final ContainerStore store;

	private final ContainerLocks locks;

	private final RuncClient runc;

	private final ScheduledExecutorService scheduler;

	private final Map<String, ScheduledFuture<?>> probes = new ConcurrentHashMap<>();

	HealthMonitor(ContainerStore store, ContainerLocks locks, RuncClient runc) {
		this.store = store;
		this.locks = locks;
		this.runc = runc;
		this.scheduler = Executors.newScheduledThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "bulkhead-health");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Probes a running container every interval, the first time one interval after it
	 * started.
	 */
	void watch(Container container, Healthchecks.Effective check) {
		Instant started = container.started();
		long interval = check.interval().toMillis();
		ScheduledFuture<?> previous = this.probes.put(container.id(), this.scheduler.scheduleWithFixedDelay(
				() -> probe(container.id(), started, check), interval, interval, TimeUnit.MILLISECONDS));
		if (previous != null) {
			previous.cancel(false);
		}
	}

	void unwatch(String id) {
		ScheduledFuture<?> future = this.probes.remove(id);
		if (future != null) {
			future.cancel(false);
		}
	}

	private void probe(String id, Instant started, Healthchecks.Effective check) {
		try {
			Container container = this.store.get(id);
			if (container.state() != ContainerState.RUNNING || !Objects.equals(container.started(), started)) {
				// paused: a frozen process cannot answer, and docker does not probe it
				// either; exited: the exit stops the probes
				return;
			}
			Instant start = Instant.now();
			LifecycleStatus.Probe result;
			try {
				CommandRunner.Bounded out = this.runc.exec(id, check.command(), check.timeout(), MAX_OUTPUT);
				String output = truncate(out.stdout() + out.stderr());
				result = out.timedOut()
						? new LifecycleStatus.Probe(start, Instant.now(), -1,
								"health check timed out after " + check.timeout().toMillis() + " ms\n" + output)
						: new LifecycleStatus.Probe(start, Instant.now(), out.exitCode(), output);
			}
			catch (RuntimeException ex) {
				result = new LifecycleStatus.Probe(start, Instant.now(), -1,
						"the health check could not run: " + ex.getMessage());
			}
			record(id, started, check, result);
		}
		catch (RuntimeException ex) {
			// the container was removed meanwhile, or its record could not be written
			log.debug("Health probe of {} skipped: {}", id, ex.getMessage());
		}
	}

	private void record(String id, Instant started, Healthchecks.Effective check, LifecycleStatus.Probe result) {
		synchronized (this.locks.of(id)) {
			Container now = this.store.get(id);
			if (!now.isRunning() || !Objects.equals(now.started(), started)) {
				return;
			}
			boolean inStartPeriod = Duration.between(started, result.start()).compareTo(check.startPeriod()) < 0;
			LifecycleStatus.Health before = (now.lifecycle().health() != null) ? now.lifecycle().health()
					: LifecycleStatus.Health.STARTING;
			LifecycleStatus.Health after = before.after(result, inStartPeriod, check.retries());
			if (!after.status().equals(before.status())) {
				log.info("Container {} ({}) is now {}", now.name(), now.shortId(), after.status());
			}
			Container updated = now.withLifecycle(now.lifecycle().withHealth(after));
			this.store.save(updated);
			if (!after.status().equals(before.status())) {
				this.store.events().healthChanged(updated, after);
			}
		}
	}

	private static String truncate(String output) {
		return (output.length() > MAX_OUTPUT) ? output.substring(0, MAX_OUTPUT) : output;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
