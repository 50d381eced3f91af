package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.networks.ContainerNetworking;
import dev.bulkhead.runtime.runner.ConmonClient;
import dev.bulkhead.runtime.runner.CriLogReader;
import dev.bulkhead.runtime.runner.RuncClient;
import dev.bulkhead.runtime.snapshots.Mounter;
import dev.bulkhead.runtime.snapshots.Snapshotter;
import dev.bulkhead.runtime.state.FileTrees;
import dev.bulkhead.runtime.volumes.LocalVolumeStore;
import dev.bulkhead.runtime.volumes.Volume;
import dev.bulkhead.runtime.volumes.VolumeStore;
import dev.bulkhead.runtime.stats.ContainerStats;
import dev.bulkhead.runtime.stats.ProcessInfo;

/**
 * The lifecycle of containers, the one entry point callers use: create, start, stop and
 * kill, restart, rename, wait, logs, remove. Each part is its own collaborator's: the
 * create path the {@link ContainerCreator}'s, starting and cleaning up the
 * {@link ContainerLauncher}'s, a user's stop and kill the {@link ContainerStopping}'s,
 * read-only views (logs, OCI config, stats, top) the {@link ContainerReads}', restart
 * policies the {@link RestartSupervisor}'s and health probes the {@link HealthMonitor}'s.
 * When a container's process ends, conmon writes its exit file; the {@link ExitMonitor}
 * sees it and this class records the exit and has everything of it taken out of the
 * kernel. At construction it rebuilds its view from the records on disk and from
 * {@code runc state}, and resumes restart policies and health probes.
 */
public final class ContainerManager implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ContainerManager.class);

	private final Snapshotter snapshotter;

	private final ContainerStore store;

	private final ContainerLocks locks = new ContainerLocks();

	private final NetworkConnections connections;

	private final ExitRecorder exits;

	private final ProcessControl processes;

	private final ContainerLauncher launcher;

	private final RestartSupervisor restarts;

	private final HealthMonitor health;

	private final ExitMonitor exitMonitor;

	private final ContainerMounts mounts;

	private final ContainerVolumes volumes;

	private final ContainerCreator creator;

	private final ContainerReads reads;

	private final ContainerStopping stopping;

	/** With volumes under the data root and no host path open for bind mounts. */
	public ContainerManager(RuntimeSettings settings, ImageStore images, Snapshotter snapshotter, Mounter mounter,
			RuncClient runc, ConmonClient conmon, ContainerStore store, BundleWriter bundles,
			ContainerNetworking networking) {
		this(settings, images, snapshotter, mounter, runc, conmon, store, bundles, networking,
				new LocalVolumeStore(settings.dataRoot(), tools.jackson.databind.json.JsonMapper.builder().build()),
				List.of());
	}

	/**
	 * @param volumes where named and anonymous volumes live
	 * @param bindPrefixes host directories under which bind mounts are allowed
	 */
	public ContainerManager(RuntimeSettings settings, ImageStore images, Snapshotter snapshotter, Mounter mounter,
			RuncClient runc, ConmonClient conmon, ContainerStore store, BundleWriter bundles,
			ContainerNetworking networking, VolumeStore volumes, List<Path> bindPrefixes) {
		this.mounts = new ContainerMounts(volumes, bindPrefixes, settings.tmpfsBytes(), mounter, bundles);
		this.volumes = new ContainerVolumes(volumes, store);
		this.snapshotter = snapshotter;
		this.store = store;
		this.launcher = new ContainerLauncher(settings, images, snapshotter, mounter, runc, conmon, store, bundles,
				networking, this.mounts);
		this.restarts = new RestartSupervisor(this::restartByPolicy);
		this.health = new HealthMonitor(store, this.locks, runc);
		this.processes = new ProcessControl(store, this.locks, runc);
		this.exits = new ExitRecorder(settings, store, this.locks, this.launcher, this.health, this.restarts);
		this.connections = new NetworkConnections(store, networking, this.locks::of);
		this.creator = new ContainerCreator(images, snapshotter, store, bundles, networking, this.launcher, this.mounts,
				this.volumes, this.locks);
		this.reads = new ContainerReads(store);
		this.stopping = new ContainerStopping(settings, images, store, this.locks, this.processes, this.exits,
				this.restarts);
		createDirectories(settings.exitDir(), settings.socketDir(), settings.runcRoot(), settings.containersDir());
		this.store.load().forEach((problem) -> log.warn("Skipping a container record: {}", problem));
		this.exitMonitor = new ExitMonitor(settings.exitDir(), this.exits::onExitFile);
		new ContainerRecovery(store, runc, this.launcher, this.exits, this.health, this.locks).recover();
		this.exitMonitor.start();
	}

	public List<Container> list() {
		return this.store.list();
	}

	public Container get(String idOrName) {
		return this.store.get(idOrName);
	}

	/** Volumes and the containers that use them. */
	public ContainerVolumes volumes() {
		return this.volumes;
	}

	/**
	 * Records a new container; volumes it needs that do not exist yet (named, and
	 * anonymous ones for the image's {@code VOLUME} entries) are made owned by
	 * {@code volumeOwner}, filled with the image's content at their target.
	 */
	public Container create(ContainerConfig config, Volume.Owner volumeOwner) {
		return this.creator.create(config, volumeOwner);
	}

	/** Records a new container; nothing runs until {@link #start}. */
	public Container create(ContainerConfig config) {
		return create(config, null);
	}

	/**
	 * Starts a created or exited container; a running one is returned as it is. A start
	 * by a user forgets an earlier stop and begins a new restart count.
	 */
	public Container start(String idOrName) {
		Container container = this.store.get(idOrName);
		synchronized (this.locks.of(container.id())) {
			this.restarts.reset(container.id());
			container = this.store.get(container.id());
			if (container.isRunning()) {
				return container;
			}
			// a user's start ends a pending policy restart: should it fail, the
			// container is exited, not waiting for a restart that was cancelled
			Container fresh = container.isRestarting() ? container.withState(ContainerState.EXITED) : container;
			return launch(fresh.withLifecycle(fresh.lifecycle().startedByUser()));
		}
	}

	/** Stops a running container (as {@link #stop}) and starts it again. */
	public Container restart(String idOrName, Integer timeoutSeconds) {
		Container stopped = stop(idOrName, timeoutSeconds);
		return start(stopped.id());
	}

	/** Gives a container another name; names are unique on the host. */
	public Container rename(String idOrName, String newName) {
		ContainerCreator.checkName(newName);
		Container container = this.store.get(idOrName);
		synchronized (this.locks.of("name:" + newName)) {
			Optional<Container> holder = this.store.byName(newName);
			if (holder.isPresent() && !holder.get().id().equals(container.id())) {
				throw new ConflictException(
						"a container named '" + newName + "' already exists; remove it or choose another name");
			}
			synchronized (this.locks.of(container.id())) {
				Container renamed = this.store.get(container.id()).renamed(newName);
				this.store.save(renamed);
				return renamed;
			}
		}
	}

	/**
	 * The restart policy's start: counted, and only if the container is still exited and
	 * nobody stopped it meanwhile.
	 */
	private void restartByPolicy(String id) {
		synchronized (this.locks.of(id)) {
			Optional<Container> found = this.store.list().stream().filter((c) -> c.id().equals(id)).findFirst();
			if (found.isEmpty() || found.get().isRunning() || found.get().state() == ContainerState.CREATED) {
				return;
			}
			Container container = found.get();
			if (!RestartSupervisor.shouldRestart(container, false)) {
				if (container.isRestarting()) {
					this.store.save(container.withState(ContainerState.EXITED));
				}
				return;
			}
			try {
				launch(container.withLifecycle(container.lifecycle().restarted()));
			}
			catch (FailedPreconditionException ex) {
				log.warn("Restart of container {} ({}) by its policy failed: {}", container.name(), container.shortId(),
						ex.getMessage());
				Container failed = this.store.get(id);
				if (RestartSupervisor.shouldRestart(failed, false)) {
					this.restarts.retryLater(failed);
					if (!failed.isRestarting()) {
						this.store.save(failed.withState(ContainerState.RESTARTING));
					}
				}
				else if (failed.isRestarting()) {
					this.store.save(failed.withState(ContainerState.EXITED));
				}
			}
		}
	}

	/** Launches under the container's lock, then starts probing its health. */
	private Container launch(Container container) {
		List<CompletableFuture<Container>> exit = new ArrayList<>(1);
		Container started;
		try {
			started = this.launcher.launch(container, () -> exit.add(this.exits.expect(container.id())));
		}
		catch (RuntimeException ex) {
			exit.forEach((future) -> this.exits.forget(container.id(), future));
			throw ex;
		}
		this.launcher.healthcheck(started).ifPresent((check) -> this.health.watch(started, check));
		return started;
	}

	/**
	 * Sends the stop signal, waits up to the timeout, then SIGKILL. Returns the exited
	 * container; a container waiting for its policy's restart is exited at once and not
	 * restarted.
	 */
	public Container stop(String idOrName, Integer timeoutSeconds) {
		return this.stopping.stop(idOrName, timeoutSeconds);
	}

	/**
	 * Sends a signal (name such as {@code TERM}, {@code SIGHUP}, or number) to the
	 * container.
	 */
	public Container kill(String idOrName, String signal) {
		return this.stopping.kill(idOrName, signal);
	}

	/** Freezes every process of a running container (cgroup freezer). */
	public Container pause(String idOrName) {
		return this.processes.changeFreezer(this.store.get(idOrName).id(), ContainerState.RUNNING,
				ContainerState.PAUSED);
	}

	/** Thaws a paused container. */
	public Container unpause(String idOrName) {
		return this.processes.changeFreezer(this.store.get(idOrName).id(), ContainerState.PAUSED,
				ContainerState.RUNNING);
	}

	/**
	 * Connects a running container to another network, with a new interface, until it is
	 * disconnected: each later start connects it again.
	 */
	public Container connect(String idOrName, String network, List<String> aliases) {
		return this.connections.connect(idOrName, network, aliases);
	}

	/**
	 * Disconnects a container from a network it was connected to (a stopped one is not
	 * connected at its next start).
	 */
	public Container disconnect(String idOrName, String network) {
		return this.connections.disconnect(idOrName, network);
	}

	/**
	 * Runs a command inside a running container, with the container's own user,
	 * capabilities and seccomp filter, and returns its exit code and output.
	 */
	public ExecResult exec(String idOrName, List<String> command, Duration timeout, int maxOutputBytes) {
		return this.processes.exec(this.store.get(idOrName), command, timeout, maxOutputBytes);
	}

	/** Blocks until the container has exited (or the timeout passes) and returns it. */
	public Container await(String idOrName, Duration timeout) {
		Container container = this.store.get(idOrName);
		if (!container.isRunning()) {
			return container;
		}
		return this.exits.awaitExit(container.id(), timeout).orElseGet(() -> this.store.get(container.id()));
	}

	public List<CriLogReader.Entry> logs(String idOrName, boolean stdout, boolean stderr, Instant since, int tail) {
		return this.reads.logs(idOrName, stdout, stderr, since, tail);
	}

	/**
	 * The bytes of the OCI {@code config.json} that runc was last given for this
	 * container, unchanged; written at each start, so a container that never started has
	 * none.
	 * @throws FailedPreconditionException when the container has not been started yet
	 */
	public byte[] bundleConfig(String idOrName) {
		return this.reads.bundleConfig(idOrName);
	}

	/** A reading of a running container's resource use; empty when it is not running. */
	public Optional<ContainerStats> stats(String idOrName) {
		return this.reads.stats(idOrName);
	}

	/** The processes of a running container, named by its own /etc/passwd. */
	public List<ProcessInfo> top(String idOrName) {
		return this.reads.top(idOrName);
	}

	/**
	 * Removes a container; a running one only with {@code force}, which kills it first.
	 */
	public void remove(String idOrName, boolean force) {
		remove(idOrName, force, false);
	}

	/**
	 * As {@link #remove(String, boolean)}; with {@code removeVolumes} its anonymous
	 * volumes go too (as {@code docker rm -v}), otherwise they stay, unused.
	 */
	public void remove(String idOrName, boolean force, boolean removeVolumes) {
		Container container = this.store.get(idOrName);
		this.restarts.reset(container.id());
		if (container.isRunning()) {
			if (!force) {
				throw new ConflictException(
						"container '" + container.name() + "' is running; stop it first or remove it with force");
			}
			this.processes.signal(container.id(), "KILL");
			this.exits.awaitExit(container.id(), Duration.ofSeconds(30))
				.orElseThrow(() -> new FailedPreconditionException(
						"container '" + container.name() + "' did not exit after SIGKILL; try again"));
		}
		synchronized (this.locks.of(container.id())) {
			this.restarts.reset(container.id());
			this.health.unwatch(container.id());
			Path dir = this.store.directory(container.id());
			this.launcher.cleanUp(container, container.network(), BundleWriter.rootfs(dir));
			if (this.snapshotter.stat(container.id()).isPresent()) {
				this.snapshotter.remove(container.id());
			}
			FileTrees.delete(dir);
			if (removeVolumes) {
				this.volumes.removeAnonymous(container);
			}
			this.store.forget(container.id());
			this.locks.forget(container.id());
		}
	}

	@Override
	public void close() {
		this.exitMonitor.close();
		this.restarts.close();
		this.health.close();
	}

	private static void createDirectories(Path... dirs) {
		for (Path dir : dirs) {
			try {
				Files.createDirectories(dir);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot create " + dir, ex);
			}
		}
	}

}
