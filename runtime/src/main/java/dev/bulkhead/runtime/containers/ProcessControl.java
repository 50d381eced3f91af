package dev.bulkhead.runtime.containers;

import java.time.Duration;
import java.util.List;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.runner.RuncClient;
import dev.bulkhead.runtime.runner.RuntimeCommandException;

/**
 * What is done to the processes of a running container through runc: signals, the cgroup
 * freezer (pause and unpause) and exec.
 */
final class ProcessControl {

	private final ContainerStore store;

	private final ContainerLocks locks;

	private final RuncClient runc;

	ProcessControl(ContainerStore store, ContainerLocks locks, RuncClient runc) {
		this.store = store;
		this.locks = locks;
		this.runc = runc;
	}

	/**
	 * Signals the container's main process; a paused container is thawed afterwards,
	 * since a frozen process cannot act on a signal (docker does the same).
	 */
	void signal(String id, String signal) {
		try {
			this.runc.kill(id, signal);
			this.store.events().killed(this.store.get(id), signal);
			if (this.store.get(id).state() == ContainerState.PAUSED) {
				synchronized (this.locks.of(id)) {
					Container now = this.store.get(id);
					if (now.state() == ContainerState.PAUSED) {
						this.runc.resume(id);
						this.store.save(now.withState(ContainerState.RUNNING));
					}
				}
			}
		}
		catch (RuntimeCommandException ex) {
			// The process may have exited between our look and the signal; that is not an
			// error.
			if (!ex.toolMessage().contains("not running") && !ex.toolMessage().contains("does not exist")) {
				throw new FailedPreconditionException("cannot signal container " + id + ": " + ex.toolMessage(), ex);
			}
		}
	}

	Container changeFreezer(String id, ContainerState from, ContainerState to) {
		Container container = this.store.get(id);
		synchronized (this.locks.of(container.id())) {
			Container current = this.store.get(container.id());
			if (current.state() != from) {
				throw new ConflictException("container '" + current.name() + "' is " + current.state().wireName()
						+ ", not " + from.wireName());
			}
			try {
				if (to == ContainerState.PAUSED) {
					this.runc.pause(current.id());
				}
				else {
					this.runc.resume(current.id());
				}
			}
			catch (RuntimeCommandException ex) {
				throw new FailedPreconditionException(
						"container '" + current.name() + "' could not be " + to.wireName() + ": " + ex.toolMessage(),
						ex);
			}
			Container changed = current.withState(to);
			this.store.save(changed);
			this.store.events().freezerChanged(changed, to);
			return changed;
		}
	}

	/**
	 * Runs a command inside a running container, with the container's own user,
	 * capabilities and seccomp filter, and returns its exit code and output.
	 */
	ExecResult exec(Container container, List<String> command, Duration timeout, int maxOutputBytes) {
		if (command == null || command.isEmpty() || command.get(0).isBlank()) {
			throw new InvalidArgumentException("'command' is required: the program to run and its arguments");
		}
		if (container.state() != ContainerState.RUNNING) {
			throw new ConflictException("container '" + container.name() + "' is " + container.state().wireName()
					+ "; a command can only run in a running container");
		}
		this.store.events().execStarted(container, command);
		var result = this.runc.exec(container.id(), command, timeout, maxOutputBytes);
		return new ExecResult(result.exitCode(), result.stdout(), result.stderr(), result.timedOut());
	}

}
