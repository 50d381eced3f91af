package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.networks.ContainerNetworking;
import dev.bulkhead.runtime.networks.NetworkDriver;
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
import dev.bulkhead.runtime.stats.ContainerStatsReader;
import dev.bulkhead.runtime.stats.ProcessInfo;
import dev.bulkhead.runtime.stats.UserNames;

/**
 * The lifecycle of containers: create (a snapshot and a record, nothing running), start,
 * stop and kill, restart, rename, wait, logs, remove. Starting and cleaning up is the
 * {@link ContainerLauncher}'s; restart policies are the {@link RestartSupervisor}'s and
 * health probes the {@link HealthMonitor}'s. When a container's process ends, conmon
 * writes its exit file; the {@link ExitMonitor} sees it and this class records the exit
 * and has everything of it taken out of the kernel. At construction it rebuilds its view
 * from the records on disk and from {@code runc state}, and resumes restart policies and
 * health probes.
 */
public final class ContainerManager implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ContainerManager.class);

	private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

	/** Signals whose sending counts as a user stopping the container. */
	private static final Set<String> STOPPING_SIGNALS = Set.of("KILL", "9", "TERM", "15", "INT", "2", "QUIT", "3");

	private final RuntimeSettings settings;

	private final ImageStore images;

	private final Snapshotter snapshotter;

	private final RuncClient runc;

	private final ContainerStore store;

	private final BundleWriter bundles;

	private final ContainerNetworking networking;

	private final CriLogReader logs = new CriLogReader();

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

	private final ContainerStatsReader stats = ContainerStatsReader.host();

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
		this.settings = settings;
		this.images = images;
		this.snapshotter = snapshotter;
		this.runc = runc;
		this.store = store;
		this.bundles = bundles;
		this.networking = networking;
		this.launcher = new ContainerLauncher(settings, images, snapshotter, mounter, runc, conmon, store, bundles,
				networking, this.mounts);
		this.restarts = new RestartSupervisor(this::restartByPolicy);
		this.health = new HealthMonitor(store, this.locks, runc);
		this.processes = new ProcessControl(store, this.locks, runc);
		this.exits = new ExitRecorder(settings, store, this.locks, this.launcher, this.health, this.restarts);
		this.connections = new NetworkConnections(store, networking, this.locks::of);
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

	/** Records a new container; nothing runs until {@link #start}. */
	public Container create(ContainerConfig config) {
		return create(config, null);
	}

	/**
	 * Records a new container; volumes it needs that do not exist yet (named, and
	 * anonymous ones for the image's {@code VOLUME} entries) are made owned by
	 * {@code volumeOwner}, filled with the image's content at their target.
	 */
	public Container create(ContainerConfig config, Volume.Owner volumeOwner) {
		String name = (config.name() != null && !config.name().isBlank()) ? config.name() : null;
		if (name != null) {
			checkName(name);
		}
		if (config.image() == null || config.image().isBlank()) {
			throw new InvalidArgumentException("'image' is required: name an image loaded on this host");
		}
		RestartSupervisor.validate(config.lifecycle().restartPolicy());
		Healthchecks.validate(config.lifecycle().healthcheck());
		Image image = this.images.get(config.image());
		EffectiveSecurity security = this.bundles.admit(config, image);
		List<MountSpec> mountSpecs = this.mounts.admit(config, image);
		String networkMode = this.networking.admit(config.network(), config.ports(),
				this.launcher.publishedPorts(null));
		if (networkMode.startsWith(NetworkDriver.CONTAINER_PREFIX)) {
			// recorded by id, so a later container with the same name is not joined
			// instead
			networkMode = NetworkDriver.CONTAINER_PREFIX
					+ this.store.get(networkMode.substring(NetworkDriver.CONTAINER_PREFIX.length())).id();
		}
		ContainerConfig admitted = config.withNetwork(networkMode);
		String id = newId();
		String finalName = (name != null) ? name : "bulkhead-" + id.substring(0, 12);
		synchronized (this.locks.of("name:" + finalName)) {
			if (this.store.byName(finalName).isPresent()) {
				throw new ConflictException(
						"a container named '" + finalName + "' already exists; remove it or choose another name");
			}
			boolean prepared = false;
			ContainerMounts.Prepared volumesMade = null;
			try {
				this.snapshotter.prepare(id, image.chainId());
				prepared = true;
				List<String> warnings = List.of();
				if (!mountSpecs.isEmpty()) {
					volumesMade = this.volumes.reserve(id, () -> this.mounts.prepare(mountSpecs, volumeOwner, id));
					admitted = admitted.withMounts(volumesMade.mounts());
					warnings = this.mounts.populate(admitted, image, BundleWriter.rootfs(this.store.directory(id)),
							this.snapshotter.mounts(id));
				}
				Container container = new Container(id, finalName, config.image(), image.id().toString(), admitted,
						ContainerState.CREATED, Instant.now(), null, null, null, false, false, null, security, null,
						null, null, warnings, null, null);
				this.store.save(container);
				return container;
			}
			catch (RuntimeException ex) {
				if (volumesMade != null) {
					this.mounts.undo(volumesMade);
				}
				if (prepared) {
					this.snapshotter.remove(id);
				}
				FileTrees.delete(this.store.directory(id));
				throw ex;
			}
			finally {
				this.volumes.release(id);
			}
		}
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
		checkName(newName);
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
	 * container.
	 */
	public Container stop(String idOrName, Integer timeoutSeconds) {
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
	public Container kill(String idOrName, String signal) {
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
	private Container markStoppedByUser(Container container) {
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
		Container container = this.store.get(idOrName);
		return this.logs.read(BundleWriter.logFile(this.store.directory(container.id())), stdout, stderr, since, tail);
	}

	/**
	 * The bytes of the OCI {@code config.json} that runc was last given for this
	 * container, unchanged; written at each start, so a container that never started has
	 * none.
	 * @throws FailedPreconditionException when the container has not been started yet
	 */
	public byte[] bundleConfig(String idOrName) {
		Container container = this.store.get(idOrName);
		Path config = BundleWriter.bundle(this.store.directory(container.id())).resolve("config.json");
		try {
			return Files.readAllBytes(config);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new FailedPreconditionException("container '" + container.name()
					+ "' has no OCI config yet: Bulkhead writes it when the container starts; start it first");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the OCI config of container '" + container.name() + "'", ex);
		}
	}

	/** A reading of a running container's resource use; empty when it is not running. */
	public Optional<ContainerStats> stats(String idOrName) {
		Container container = this.store.get(idOrName);
		return container.isRunning() ? this.stats.read(container.id(), container.pid()) : Optional.empty();
	}

	/** The processes of a running container, named by its own /etc/passwd. */
	public List<ProcessInfo> top(String idOrName) {
		Container container = this.store.get(idOrName);
		if (!container.isRunning()) {
			throw new ConflictException("container '" + container.name() + "' is " + container.state().wireName()
					+ "; only a running container has processes");
		}
		Path rootfs = BundleWriter.rootfs(this.store.directory(container.id()));
		return this.stats.top(container.id(), UserNames.of(rootfs));
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

	private static void checkName(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new InvalidArgumentException("container name '" + name
					+ "' is not valid: use letters, digits, '_', '.' and '-', starting with a letter or digit");
		}
	}

	private static String newId() {
		byte[] bytes = new byte[32];
		new java.security.SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
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
