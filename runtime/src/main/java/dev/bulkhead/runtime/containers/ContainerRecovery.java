package dev.bulkhead.runtime.containers;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bulkhead.runtime.runner.RuncClient;

/**
 * What a server does when it starts: it compares each container's record with what runc
 * knows, records the exits that happened while it was down, cleans up what stopped
 * containers left behind, and resumes health probes and restart policies.
 */
final class ContainerRecovery {

	private static final Logger log = LoggerFactory.getLogger(ContainerRecovery.class);

	private final ContainerStore store;

	private final RuncClient runc;

	private final ContainerLauncher launcher;

	private final ExitRecorder exits;

	private final HealthMonitor health;

	private final ContainerLocks locks;

	ContainerRecovery(ContainerStore store, RuncClient runc, ContainerLauncher launcher, ExitRecorder exits,
			HealthMonitor health, ContainerLocks locks) {
		this.locks = locks;
		this.store = store;
		this.runc = runc;
		this.launcher = launcher;
		this.exits = exits;
		this.health = health;
	}

	/**
	 * Brings records in line with what is really running after a server (re)start, and
	 * resumes what the server does for containers: their health probes, and their restart
	 * policies for those that exited while it was down.
	 */
	void recover() {
		for (Container container : this.store.list()) {
			if (!container.isRunning()) {
				if (this.launcher.hasLeftovers(container)) {
					this.launcher.cleanUp(container, container.network(),
							BundleWriter.rootfs(this.store.directory(container.id())));
				}
				if (container.state() == ContainerState.EXITED || container.isRestarting()) {
					// a back-off that was pending when the server went down is not
					// resumed as it was: the policy decides again, as for any exit
					Container resumed = container;
					if (container.lifecycle().manuallyStopped() && RestartSupervisor.shouldRestart(container, true)) {
						// 'always': the stop a user made lasts until the server restarts
						resumed = container.withLifecycle(container.lifecycle().startedByUser());
						this.store.save(resumed);
					}
					synchronized (this.locks.of(container.id())) {
						this.exits.applyRestartPolicy(resumed, true);
					}
				}
				continue;
			}
			Optional<RuncClient.State> state = this.runc.state(container.id());
			boolean alive = state.isPresent()
					&& (state.get().status().equals("running") || state.get().status().equals("paused"));
			if (alive) {
				this.exits.expect(container.id());
				ContainerState now = state.get().status().equals("paused") ? ContainerState.PAUSED
						: ContainerState.RUNNING;
				Container current = (now != container.state()) ? container.withState(now) : container;
				if (current != container) {
					this.store.save(current);
				}
				this.launcher.healthcheck(current).ifPresent((check) -> this.health.watch(current, check));
				log.info("Container {} ({}) is still {}", container.name(), container.shortId(), state.get().status());
				this.launcher.restoreNetworking(current);
			}
			else {
				this.exits.recordExit(container.id(), true);
			}
		}
	}

}
