package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bulkhead.runtime.stats.ContainerStatsReader;

/**
 * Records containers' exits: reads the exit code and OOM marker conmon left, answers
 * those waiting for the exit, stops the health probes, has the launcher take the
 * container out of the kernel, and hands the exited record to the restart policy.
 */
final class ExitRecorder {

	private static final Logger log = LoggerFactory.getLogger(ExitRecorder.class);

	private static final Pattern CONTAINER_ID = Pattern.compile("[a-f0-9]{64}");

	private final RuntimeSettings settings;

	private final ContainerStore store;

	private final ContainerLocks locks;

	private final ContainerLauncher launcher;

	private final HealthMonitor health;

	private final RestartSupervisor restarts;

	private final Map<String, CompletableFuture<Container>> exits = new ConcurrentHashMap<>();

	private final ContainerStatsReader stats = ContainerStatsReader.host();

	ExitRecorder(RuntimeSettings settings, ContainerStore store, ContainerLocks locks, ContainerLauncher launcher,
			HealthMonitor health, RestartSupervisor restarts) {
		this.settings = settings;
		this.store = store;
		this.locks = locks;
		this.launcher = launcher;
		this.health = health;
		this.restarts = restarts;
	}

	/** Registers a waiter for the exit of a container about to start. */
	CompletableFuture<Container> expect(String id) {
		CompletableFuture<Container> exit = new CompletableFuture<>();
		this.exits.put(id, exit);
		return exit;
	}

	/** Drops a waiter whose start failed. */
	void forget(String id, CompletableFuture<Container> exit) {
		this.exits.remove(id, exit);
	}

	Optional<Container> awaitExit(String id, Duration timeout) {
		CompletableFuture<Container> future = this.exits.get(id);
		if (future == null) {
			Container current = this.store.get(id);
			return current.isRunning() ? Optional.empty() : Optional.of(current);
		}
		try {
			return Optional.of(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (TimeoutException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("recording the exit of " + id + " failed", ex.getCause());
		}
	}

	/**
	 * Called by the exit monitor for each file in the exit directory. Files of containers
	 * that are gone or no longer running (a start that failed after runc had created the
	 * container) are stale and removed; conmon's own temporary files are left to it.
	 */
	void onExitFile(String name) {
		if (!CONTAINER_ID.matcher(name).matches()) {
			return;
		}
		Optional<Container> container = this.store.list().stream().filter((c) -> c.id().equals(name)).findFirst();
		if (container.isPresent() && container.get().isRunning()) {
			recordExit(name, false);
			return;
		}
		synchronized (this.locks.of(name)) {
			// A short-lived container can exit before its start has recorded it as
			// running;
			// the start holds this lock until then, so look again now.
			Optional<Container> now = this.store.list().stream().filter((c) -> c.id().equals(name)).findFirst();
			if (now.isPresent() && now.get().isRunning()) {
				recordExit(name, false);
				return;
			}
			deleteQuietly(this.settings.exitDir().resolve(name));
		}
		if (container.isEmpty()) {
			this.locks.forget(name);
		}
	}

	/**
	 * Records an exit and answers waiters first; deleting runc's state, the cgroups and
	 * the root filesystem mount follows under the same lock, so any next operation on the
	 * container sees it cleaned up. Then the restart policy has its say.
	 * @param serverStarting the exit happened while the server was down
	 */
	void recordExit(String id, boolean serverStarting) {
		synchronized (this.locks.of(id)) {
			Container container = this.store.get(id);
			if (!container.isRunning()) {
				return;
			}
			Path dir = this.store.directory(id);
			Path persist = BundleWriter.monitorDir(dir);
			Optional<Integer> code = readExitCode(persist.resolve("exit"))
				.or(() -> readExitCode(this.settings.exitDir().resolve(id)));
			boolean oom = Files.exists(persist.resolve("oom"));
			// The cgroup still exists until runc deletes the container (cleanUp below).
			Container exited = container.exited(code.orElse(-1), oom, Instant.now()).withMemoryAtExit(memoryAtExit(id));
			if (code.isEmpty()) {
				exited = exited.failed("the container's monitor ended without recording an exit code");
			}
			this.store.save(exited);
			this.store.events().exited(exited);
			CompletableFuture<Container> future = this.exits.remove(id);
			if (future != null) {
				future.complete(exited);
			}
			this.health.unwatch(id);
			this.launcher.cleanUp(container, container.network(), BundleWriter.rootfs(dir));
			deleteQuietly(this.settings.exitDir().resolve(id));
			applyRestartPolicy(exited, serverStarting);
		}
	}

	/**
	 * Hands an exited container to its restart policy and records what it decided: a
	 * container waiting out its back-off is {@code restarting}, one that stays down is
	 * {@code exited}. The record on disk says which, so a server that starts during the
	 * back-off applies the policy again (see {@link ContainerRecovery}). The caller holds
	 * the container's lock.
	 * @return the record as saved
	 */
	Container applyRestartPolicy(Container exited, boolean serverStarting) {
		boolean pending = this.restarts.exited(exited, serverStarting);
		ContainerState state = pending ? ContainerState.RESTARTING : ContainerState.EXITED;
		if (exited.state() == state) {
			return exited;
		}
		Container updated = exited.withState(state);
		this.store.save(updated);
		return updated;
	}

	private static Optional<Integer> readExitCode(Path file) {
		try {
			String text = Files.readString(file).trim();
			return text.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(text));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.debug("Could not remove {}: {}", file, ex.getMessage());
		}
	}

	/** The memory limit and peak use of a container whose process just ended. */
	private MemoryAtExit memoryAtExit(String id) {
		return this.stats.readCgroup(id)
			.map((reading) -> new MemoryAtExit(reading.memory().limitBytes(), reading.memory().peakBytes()))
			.orElse(null);
	}

}
