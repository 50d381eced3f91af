package dev.bulkhead.runtime.containers;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Applies restart policies: when a container's process exits, decides whether it is
 * started again and after how long. The delay doubles from 100 ms with every restart in a
 * row, up to a minute, and starts over once the container has run for 10 seconds (docker
 * does the same), so a container that fails at once does not spin the host.
 */
final class RestartSupervisor implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RestartSupervisor.class);

	static final Duration FIRST_DELAY = Duration.ofMillis(100);

	static final Duration MAX_DELAY = Duration.ofMinutes(1);

	/** A run at least this long resets the back-off. */
	static final Duration STABLE_RUN = Duration.ofSeconds(10);

	private final Consumer<String> restart;

	private final ScheduledExecutorService scheduler;

	private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();

	private final Map<String, Duration> nextDelay = new ConcurrentHashMap<>();

	/**
	 * @param restart starts the container with the given id again, if it still should be
	 */
	RestartSupervisor(Consumer<String> restart) {
		this.restart = restart;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "bulkhead-restarts");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Checks a policy as a request gives it. */
	static void validate(ContainerConfig.RestartPolicy policy) {
		if (policy == null) {
			return;
		}
		String name = (policy.name() != null) ? policy.name() : "";
		switch (name) {
			case "", "no", "always", "unless-stopped" -> {
				if (policy.maximumRetryCount() != null && policy.maximumRetryCount() != 0) {
					throw new InvalidArgumentException("restartPolicy.maximumRetryCount is only allowed with "
							+ "'on-failure'; leave it out for '" + name + "'");
				}
			}
			case "on-failure" -> {
				if (policy.maximumRetryCount() != null && policy.maximumRetryCount() < 0) {
					throw new InvalidArgumentException(
							"restartPolicy.maximumRetryCount must not be negative (0 means without limit)");
				}
			}
			default -> throw new InvalidArgumentException(
					"restartPolicy.name '" + name + "' is unknown; use no, on-failure, always or unless-stopped");
		}
	}

	/**
	 * Whether the policy restarts a container that has just exited (or, with
	 * {@code serverStarting}, one found exited when the server starts).
	 */
	static boolean shouldRestart(Container container, boolean serverStarting) {
		ContainerConfig.RestartPolicy policy = container.config().lifecycle().effectiveRestartPolicy();
		String name = (policy.name() != null) ? policy.name().toLowerCase(Locale.ROOT) : "no";
		boolean stopped = container.lifecycle().manuallyStopped();
		return switch (name) {
			// docker starts an 'always' container that a user stopped again when the
			// daemon
			// starts; 'unless-stopped' is exactly the policy that remembers the stop
			case "always" -> !stopped || serverStarting;
			case "unless-stopped" -> !stopped;
			case "on-failure" -> !stopped && container.exitCode() != null && container.exitCode() != 0
					&& (policy.maximumRetryCount() == null || policy.maximumRetryCount() == 0
							|| container.lifecycle().restartCount() < policy.maximumRetryCount());
			default -> false;
		};
	}

	/**
	 * Called with the record of a container whose exit was just recorded, or that the
	 * server found exited at start; schedules its restart if the policy wants one.
	 * @return whether a restart is now waiting out its back-off
	 */
	boolean exited(Container container, boolean serverStarting) {
		if (!shouldRestart(container, serverStarting)) {
			this.nextDelay.remove(container.id());
			return false;
		}
		Duration delay = delayAfter(container);
		log.info("Container {} ({}) exited with {}; restarting it in {} ms (restart {})", container.name(),
				container.shortId(), container.exitCode(), delay.toMillis(), container.lifecycle().restartCount() + 1);
		schedule(container.id(), delay);
		return true;
	}

	/** Calls the restart again later, after a policy restart failed to start. */
	void retryLater(Container container) {
		schedule(container.id(), delayAfter(container));
	}

	private void schedule(String id, Duration delay) {
		ScheduledFuture<?> previous = this.pending.put(id,
				this.scheduler.schedule(() -> fire(id), delay.toMillis(), TimeUnit.MILLISECONDS));
		if (previous != null) {
			previous.cancel(false);
		}
	}

	private void fire(String id) {
		this.pending.remove(id);
		try {
			this.restart.accept(id);
		}
		catch (RuntimeException ex) {
			log.warn("Restarting container {} failed: {}", id, ex.getMessage());
		}
	}

	/** Back-off: doubles per restart in a row, reset after a stable run. */
	private Duration delayAfter(Container container) {
		boolean ranLong = container.started() != null && container.finished() != null
				&& Duration.between(container.started(), container.finished()).compareTo(STABLE_RUN) >= 0;
		Duration delay = ranLong ? FIRST_DELAY : this.nextDelay.getOrDefault(container.id(), FIRST_DELAY);
		Duration doubled = delay.multipliedBy(2);
		this.nextDelay.put(container.id(), (doubled.compareTo(MAX_DELAY) > 0) ? MAX_DELAY : doubled);
		return delay;
	}

	/** Whether a restart is waiting for its delay to pass. */
	boolean isPending(String id) {
		return this.pending.containsKey(id);
	}

	/** Forgets a pending restart (a user stopped, started or removed the container). */
	void cancel(String id) {
		ScheduledFuture<?> future = this.pending.remove(id);
		if (future != null) {
			future.cancel(false);
		}
	}

	/** Forgets the back-off too, when a user starts the container anew. */
	void reset(String id) {
		cancel(id);
		this.nextDelay.remove(id);
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
