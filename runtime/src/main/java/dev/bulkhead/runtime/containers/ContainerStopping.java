package dev.bulkhead.runtime.containers;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageStore;

/**
 * A user's stop and kill: the stop signal (the container's, else its image's, else TERM),
 * the timeout before SIGKILL, and the mark in the record that keeps the restart policy
 * from starting the container again, which also cancels a restart waiting out its
 * back-off.
 */
final class ContainerStopping {

	/** Signals whose sending counts as a user stopping the container. */
	private static final Set<String> STOPPING_SIGNALS = Set.of("KILL", "9", "TERM", "15", "INT", "2", "QUIT", "3");

	private final RuntimeSettings settings;

	private final ImageStore images;

	private final ContainerStore store;

	private final ContainerLocks locks;

	private final ProcessControl processes;

	private final ExitRecorder exits;

	private final RestartSupervisor restarts;

	ContainerStopping(RuntimeSettings settings, ImageStore images, ContainerStore store, ContainerLocks locks,
			ProcessControl processes, ExitRecorder exits, RestartSupervisor restarts) {
		this.settings = settings;
		this.images = images;
		this.store = store;
		this.locks = locks;
		this.processes = processes;
		this.exits = exits;
		this.restarts = restarts;
	}

	/**
	 * Sends the stop signal, waits up to the timeout, then SIGKILL. Returns the exited
	 * container.
	 */
	Container stop(String idOrName, Integer timeoutSeconds) {
		Container container = markStoppedByUser(this.store.get(idOrName));
		if (!container.isRunning()) {
			return container;
		}
		int timeout = (timeoutSeconds != null) ? timeoutSeconds : (container.config().stopTimeoutSeconds() != null)
				? container.config().stopTimeoutSeconds() : this.settings.stopTimeoutSeconds();
		String signal = stopSignal(container);
		this.processes.signal(container.id(), signal);
		Optional<Container> exited = this.exits.awaitExit(container.id(), Duration.ofSeconds(Math.max(0, timeout)));
		if (exited.isPresent()) {
			return exited.get();
		}
		synchronized (this.locks.of(container.id())) {
			Container current = this.store.get(container.id());
			if (!current.isRunning()) {
				return current;
			}
			this.store.save(current.stopTimedOut());
			this.processes.signal(container.id(), "KILL");
		}
		return this.exits.awaitExit(container.id(), Duration.ofSeconds(30))
			.orElseThrow(() -> new FailedPreconditionException("container '" + container.name()
					+ "' did not exit 30 seconds after SIGKILL; its process may be stuck in the kernel"));
	}

	/**
	 * Sends a signal (name such as {@code TERM}, {@code SIGHUP}, or number) to the
	 * container.
	 */
	Container kill(String idOrName, String signal) {
		Container container = this.store.get(idOrName);
		String normalized = Signals.normalize(signal);
		boolean stopping = STOPPING_SIGNALS.contains(normalized) || normalized.equals(stopSignal(container));
		if (!container.isRunning()) {
			if (stopping && (this.restarts.isPending(container.id()) || container.isRestarting())) {
				// between two runs of a restart policy: killing it ends the restarts
				return markStoppedByUser(container);
			}
			throw new ConflictException("container '" + container.name() + "' is not running");
		}
		if (stopping) {
			// as in docker: killing a container is stopping it, so its policy leaves it
			markStoppedByUser(container);
		}
		this.processes.signal(container.id(), normalized);
		return this.store.get(container.id());
	}

	/**
	 * Remembers that a user stopped the container, so that its restart policy does not
	 * start it again, and drops a restart that is waiting for its delay (a
	 * {@code restarting} container is {@code exited} from then on).
	 */
	Container markStoppedByUser(Container container) {
		synchronized (this.locks.of(container.id())) {
			this.restarts.cancel(container.id());
			Container current = this.store.get(container.id());
			if (current.isRestarting()) {
				current = current.withState(ContainerState.EXITED);
			}
			else if (current.lifecycle().manuallyStopped()) {
				return current;
			}
			Container marked = current.withLifecycle(current.lifecycle().stoppedByUser());
			this.store.save(marked);
			return marked;
		}
	}

	private String stopSignal(Container container) {
		if (container.config().stopSignal() != null) {
			return Signals.normalize(container.config().stopSignal());
		}
		try {
			Image image = this.images.get(container.imageId());
			if (image.config().config() != null && image.config().config().stopSignal() != null) {
				return Signals.normalize(image.config().config().stopSignal());
			}
		}
		catch (RuntimeException ex) {
			// the image may be gone; TERM is the documented default
		}
		return "TERM";
	}

}
