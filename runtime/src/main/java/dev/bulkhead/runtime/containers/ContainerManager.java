package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
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

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.networks.ContainerNetworking;
import dev.bulkhead.runtime.networks.NetworkAttachment;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.networks.PortMapping;
import dev.bulkhead.runtime.runner.ConmonClient;
import dev.bulkhead.runtime.runner.CriLogReader;
import dev.bulkhead.runtime.runner.RuncClient;
import dev.bulkhead.runtime.runner.RuntimeCommandException;
import dev.bulkhead.runtime.snapshots.Mounter;
import dev.bulkhead.runtime.snapshots.Snapshotter;
import dev.bulkhead.runtime.state.FileTrees;

/**
 * The lifecycle of containers: create (a snapshot and a record, nothing running), start
 * (mount, bundle, conmon and {@code runc create}, {@code runc start}), stop and kill,
 * wait, logs, remove. When a container's process ends, conmon writes its exit file; the
 * {@link ExitMonitor} sees it and this class records the exit, deletes the runtime's
 * state and unmounts the root filesystem, so nothing of a stopped container stays in the
 * kernel. At construction it rebuilds its view from the records on disk and from
 * {@code runc state}.
 */
public final class ContainerManager implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ContainerManager.class);

	private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

	private static final Pattern CONTAINER_ID = Pattern.compile("[a-f0-9]{64}");

	private final RuntimeSettings settings;

	private final ImageStore images;

	private final Snapshotter snapshotter;

	private final Mounter mounter;

	private final RuncClient runc;

	private final ConmonClient conmon;

	private final ContainerStore store;

	private final BundleWriter bundles;

	private final ContainerNetworking networking;

	private final CriLogReader logs = new CriLogReader();

	private final NetworkConnections connections;

	private final Map<String, Object> locks = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Container>> exits = new ConcurrentHashMap<>();

	private final ExitMonitor exitMonitor;

	private final CgroupDirectories cgroups = new CgroupDirectories(Path.of("/sys/fs/cgroup"));

	public ContainerManager(RuntimeSettings settings, ImageStore images, Snapshotter snapshotter, Mounter mounter,
			RuncClient runc, ConmonClient conmon, ContainerStore store, BundleWriter bundles,
			ContainerNetworking networking) {
		this.settings = settings;
		this.images = images;
		this.snapshotter = snapshotter;
		this.mounter = mounter;
		this.runc = runc;
		this.conmon = conmon;
		this.store = store;
		this.bundles = bundles;
		this.networking = networking;
		this.connections = new NetworkConnections(store, networking, this::lockFor);
		createDirectories(settings.exitDir(), settings.socketDir(), settings.runcRoot(), settings.containersDir());
		this.store.load().forEach((problem) -> log.warn("Skipping a container record: {}", problem));
		this.exitMonitor = new ExitMonitor(settings.exitDir(), this::onExitFile);
		recover();
		this.exitMonitor.start();
	}

	public List<Container> list() {
		return this.store.list();
	}

	public Container get(String idOrName) {
		return this.store.get(idOrName);
	}

	/** Records a new container; nothing runs until {@link #start}. */
	public Container create(ContainerConfig config) {
		String name = (config.name() != null && !config.name().isBlank()) ? config.name() : null;
		if (name != null && !NAME.matcher(name).matches()) {
			throw new InvalidArgumentException("container name '" + name
					+ "' is not valid: use letters, digits, '_', '.' and '-', starting with a letter or digit");
		}
		if (config.image() == null || config.image().isBlank()) {
			throw new InvalidArgumentException("'image' is required: name an image loaded on this host");
		}
		Image image = this.images.get(config.image());
		EffectiveSecurity security = this.bundles.admit(config, image);
		String networkMode = this.networking.admit(config.network(), config.ports(), publishedPorts(null));
		if (networkMode.startsWith(NetworkDriver.CONTAINER_PREFIX)) {
			// recorded by id, so a later container with the same name is not joined
			// instead
			networkMode = NetworkDriver.CONTAINER_PREFIX
					+ this.store.get(networkMode.substring(NetworkDriver.CONTAINER_PREFIX.length())).id();
		}
		ContainerConfig admitted = config.withNetwork(networkMode);
		String id = newId();
		String finalName = (name != null) ? name : "bulkhead-" + id.substring(0, 12);
		synchronized (lockFor("name:" + finalName)) {
			if (this.store.byName(finalName).isPresent()) {
				throw new ConflictException(
						"a container named '" + finalName + "' already exists; remove it or choose another name");
			}
			boolean prepared = false;
			try {
				this.snapshotter.prepare(id, image.chainId());
				prepared = true;
				Container container = new Container(id, finalName, config.image(), image.id().toString(), admitted,
						ContainerState.CREATED, Instant.now(), null, null, null, false, false, null, security, null);
				this.store.save(container);
				return container;
			}
			catch (RuntimeException ex) {
				if (prepared) {
					this.snapshotter.remove(id);
				}
				FileTrees.delete(this.store.directory(id));
				throw ex;
			}
		}
	}

	/** Starts a created or exited container; a running one is returned as it is. */
	public Container start(String idOrName) {
		Container container = this.store.get(idOrName);
		synchronized (lockFor(container.id())) {
			container = this.store.get(container.id());
			if (container.isRunning()) {
				return container;
			}
			Image image = this.images.get(container.imageId());
			Path dir = this.store.directory(container.id());
			Path rootfs = BundleWriter.rootfs(dir);
			CompletableFuture<Container> exit = new CompletableFuture<>();
			String mode = container.config().networkMode();
			NetworkAttachment attachment = null;
			try {
				Files.createDirectories(rootfs);
				this.mounter.mount(this.snapshotter.mounts(container.id()), rootfs);
				Path netns = this.networking.prepareNamespace(container.id(), mode);
				if (mode.startsWith(NetworkDriver.CONTAINER_PREFIX)) {
					netns = sharedNamespace(container, mode);
				}
				EffectiveSecurity security = this.bundles.write(container, image, dir, netns,
						this.networking.resolvConf(mode));
				ConmonClient.Launch launch = launch(container, dir);
				Files.deleteIfExists(launch.persistDir().resolve("exit"));
				Files.deleteIfExists(launch.persistDir().resolve("oom"));
				Files.deleteIfExists(this.settings.exitDir().resolve(container.id()));
				this.exits.put(container.id(), exit);
				int pid = this.conmon.create(launch);
				if (ContainerNetworking.isBridge(mode)) {
					attachment = this.networking.attach(container.id(), NetworkConnections.dnsNames(container), mode,
							container.config().ports(), publishedPorts(container.id()));
				}
				this.runc.start(container.id());
				Container started = container.started(pid, Instant.now(), security, attachment);
				this.store.save(started);
				return started;
			}
			catch (RuntimeException | IOException ex) {
				this.exits.remove(container.id(), exit);
				cleanUpRuntime(container, attachment, rootfs);
				String reason = describe(ex);
				this.store.save(container.failed(reason));
				throw new FailedPreconditionException("container '" + container.name() + "' could not start: " + reason,
						ex);
			}
		}
	}

	/**
	 * Sends the stop signal, waits up to the timeout, then SIGKILL. Returns the exited
	 * container.
	 */
	public Container stop(String idOrName, Integer timeoutSeconds) {
		Container container = this.store.get(idOrName);
		if (!container.isRunning()) {
			return container;
		}
		int timeout = (timeoutSeconds != null) ? timeoutSeconds : (container.config().stopTimeoutSeconds() != null)
				? container.config().stopTimeoutSeconds() : this.settings.stopTimeoutSeconds();
		String signal = stopSignal(container);
		signalRunning(container.id(), signal);
		Optional<Container> exited = awaitExit(container.id(), Duration.ofSeconds(Math.max(0, timeout)));
		if (exited.isPresent()) {
			return exited.get();
		}
		synchronized (lockFor(container.id())) {
			Container current = this.store.get(container.id());
			if (!current.isRunning()) {
				return current;
			}
			this.store.save(current.stopTimedOut());
			signalRunning(container.id(), "KILL");
		}
		return awaitExit(container.id(), Duration.ofSeconds(30))
			.orElseThrow(() -> new FailedPreconditionException("container '" + container.name()
					+ "' did not exit 30 seconds after SIGKILL; its process may be stuck in the kernel"));
	}

	/**
	 * Sends a signal (name such as {@code TERM}, {@code SIGHUP}, or number) to the
	 * container.
	 */
	public Container kill(String idOrName, String signal) {
		Container container = this.store.get(idOrName);
		if (!container.isRunning()) {
			throw new ConflictException("container '" + container.name() + "' is not running");
		}
		signalRunning(container.id(), Signals.normalize(signal));
		return this.store.get(container.id());
	}

	/** Freezes every process of a running container (cgroup freezer). */
	public Container pause(String idOrName) {
		return changeFreezer(idOrName, ContainerState.RUNNING, ContainerState.PAUSED);
	}

	/** Thaws a paused container. */
	public Container unpause(String idOrName) {
		return changeFreezer(idOrName, ContainerState.PAUSED, ContainerState.RUNNING);
	}

	private Container changeFreezer(String idOrName, ContainerState from, ContainerState to) {
		Container container = this.store.get(idOrName);
		synchronized (lockFor(container.id())) {
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
			return changed;
		}
	}

	/**
	 * Connects a running container to another network, with a new interface, until it
	 * exits or is disconnected.
	 */
	public Container connect(String idOrName, String network, List<String> aliases) {
		return this.connections.connect(idOrName, network, aliases);
	}

	/** Disconnects a running container from a network it was connected to. */
	public Container disconnect(String idOrName, String network) {
		return this.connections.disconnect(idOrName, network);
	}

	/**
	 * Runs a command inside a running container, with the container's own user,
	 * capabilities and seccomp filter, and returns its exit code and output.
	 */
	public ExecResult exec(String idOrName, List<String> command, Duration timeout, int maxOutputBytes) {
		Container container = this.store.get(idOrName);
		if (command == null || command.isEmpty() || command.get(0).isBlank()) {
			throw new InvalidArgumentException("'command' is required: the program to run and its arguments");
		}
		if (container.state() != ContainerState.RUNNING) {
			throw new ConflictException("container '" + container.name() + "' is " + container.state().wireName()
					+ "; a command can only run in a running container");
		}
		var result = this.runc.exec(container.id(), command, timeout, maxOutputBytes);
		return new ExecResult(result.exitCode(), result.stdout(), result.stderr(), result.timedOut());
	}

	/** Blocks until the container has exited (or the timeout passes) and returns it. */
	public Container await(String idOrName, Duration timeout) {
		Container container = this.store.get(idOrName);
		if (!container.isRunning()) {
			return container;
		}
		return awaitExit(container.id(), timeout).orElseGet(() -> this.store.get(container.id()));
	}

	public List<CriLogReader.Entry> logs(String idOrName, boolean stdout, boolean stderr, Instant since, int tail) {
		Container container = this.store.get(idOrName);
		return this.logs.read(BundleWriter.logFile(this.store.directory(container.id())), stdout, stderr, since, tail);
	}

	/**
	 * Removes a container; a running one only with {@code force}, which kills it first.
	 */
	public void remove(String idOrName, boolean force) {
		Container container = this.store.get(idOrName);
		if (container.isRunning()) {
			if (!force) {
				throw new ConflictException(
						"container '" + container.name() + "' is running; stop it first or remove it with force");
			}
			signalRunning(container.id(), "KILL");
			awaitExit(container.id(), Duration.ofSeconds(30)).orElseThrow(() -> new FailedPreconditionException(
					"container '" + container.name() + "' did not exit after SIGKILL; try again"));
		}
		synchronized (lockFor(container.id())) {
			Path dir = this.store.directory(container.id());
			cleanUpRuntime(container, container.network(), BundleWriter.rootfs(dir));
			if (this.snapshotter.stat(container.id()).isPresent()) {
				this.snapshotter.remove(container.id());
			}
			FileTrees.delete(dir);
			this.store.forget(container.id());
			this.locks.remove(container.id());
		}
	}

	@Override
	public void close() {
		this.exitMonitor.close();
	}

	/**
	 * Signals the container's main process; a paused container is thawed afterwards,
	 * since a frozen process cannot act on a signal (docker does the same).
	 */
	private void signalRunning(String id, String signal) {
		try {
			this.runc.kill(id, signal);
			if (this.store.get(id).state() == ContainerState.PAUSED) {
				synchronized (lockFor(id)) {
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

	private Optional<Container> awaitExit(String id, Duration timeout) {
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
			recordExit(name);
			return;
		}
		synchronized (lockFor(name)) {
			// A short-lived container can exit before its start has recorded it as
			// running;
			// the start holds this lock until then, so look again now.
			Optional<Container> now = this.store.list().stream().filter((c) -> c.id().equals(name)).findFirst();
			if (now.isPresent() && now.get().isRunning()) {
				recordExit(name);
				return;
			}
			deleteQuietly(this.settings.exitDir().resolve(name));
		}
		if (container.isEmpty()) {
			this.locks.remove(name);
		}
	}

	/**
	 * Records an exit and answers waiters first; deleting runc's state, the cgroups and
	 * the root filesystem mount follows under the same lock, so any next operation on the
	 * container sees it cleaned up.
	 */
	private void recordExit(String id) {
		synchronized (lockFor(id)) {
			Container container = this.store.get(id);
			if (!container.isRunning()) {
				return;
			}
			Path dir = this.store.directory(id);
			Path persist = BundleWriter.monitorDir(dir);
			Optional<Integer> code = readExitCode(persist.resolve("exit"))
				.or(() -> readExitCode(this.settings.exitDir().resolve(id)));
			boolean oom = Files.exists(persist.resolve("oom"));
			Container exited = container.exited(code.orElse(-1), oom, Instant.now());
			if (code.isEmpty()) {
				exited = exited.failed("the container's monitor ended without recording an exit code");
			}
			this.store.save(exited);
			CompletableFuture<Container> future = this.exits.remove(id);
			if (future != null) {
				future.complete(exited);
			}
			cleanUpRuntime(container, container.network(), BundleWriter.rootfs(dir));
			deleteQuietly(this.settings.exitDir().resolve(id));
		}
	}

	/** Brings records in line with what is really running after a server (re)start. */
	private void recover() {
		for (Container container : this.store.list()) {
			Path rootfs = BundleWriter.rootfs(this.store.directory(container.id()));
			if (!container.isRunning()) {
				if (this.mounter.isMounted(rootfs) || this.networking.hasNamespace(container.id())) {
					cleanUpRuntime(container, container.network(), rootfs);
				}
				continue;
			}
			Optional<RuncClient.State> state = this.runc.state(container.id());
			boolean alive = state.isPresent()
					&& (state.get().status().equals("running") || state.get().status().equals("paused"));
			if (alive) {
				this.exits.put(container.id(), new CompletableFuture<>());
				ContainerState now = state.get().status().equals("paused") ? ContainerState.PAUSED
						: ContainerState.RUNNING;
				if (now != container.state()) {
					this.store.save(container.withState(now));
				}
				log.info("Container {} ({}) is still {}", container.name(), container.shortId(), state.get().status());
				this.networking.restore(container.id(), NetworkConnections.dnsNames(container),
						container.config().networkMode(), container.network());
				for (NetworkAttachment connection : container.connections()) {
					List<String> names = new java.util.ArrayList<>(NetworkConnections.dnsNames(container));
					names.addAll(connection.aliases());
					this.networking.restore(container.id(), names, connection.network(), connection);
				}
			}
			else {
				recordExit(container.id());
			}
		}
	}

	/**
	 * Deletes what a started container had in the kernel: runc's container, its network
	 * attachment and namespace, its cgroups and its root filesystem mount.
	 * @param attachment the network attachment as made at start, or null if unknown
	 */
	private void cleanUpRuntime(Container container, NetworkAttachment attachment, Path rootfs) {
		String id = container.id();
		try {
			this.runc.delete(id, true);
		}
		catch (RuntimeCommandException ex) {
			if (!ex.toolMessage().contains("does not exist")) {
				log.warn("runc could not delete container {}: {}", id, ex.toolMessage());
			}
		}
		List<PortMapping> ports = (attachment != null) ? attachment.ports() : container.config().ports();
		try {
			this.networking.release(id, container.config().networkMode(), ports, container.connections());
		}
		catch (RuntimeException ex) {
			// Cleanup goes on so the mounts and cgroups do not leak as well; the
			// namespace
			// file is gone, so a leftover rule can only be the CNI plugin's own.
			log.warn("Detaching container {} from network {} failed: {}", id, container.config().networkMode(),
					ex.getMessage());
		}
		this.cgroups.removeLeftovers(id);
		if (this.mounter.isMounted(rootfs)) {
			this.mounter.unmount(rootfs);
		}
	}

	/**
	 * The network namespace of the running container that mode {@code container:<id>}
	 * names.
	 */
	private Path sharedNamespace(Container container, String mode) {
		String targetId = mode.substring(NetworkDriver.CONTAINER_PREFIX.length());
		Container target = this.store.list()
			.stream()
			.filter((c) -> c.id().equals(targetId))
			.findFirst()
			.orElseThrow(() -> new ConflictException("the container whose network container '" + container.name()
					+ "' joins no longer exists; remove this container and create it again"));
		if (!target.isRunning() || target.pid() == null) {
			throw new ConflictException("container '" + target.name() + "', whose network container '"
					+ container.name() + "' joins, is " + target.state().wireName() + "; start it first");
		}
		return Path.of("/proc", target.pid().toString(), "ns", "net");
	}

	/** Ports published by running containers other than {@code exceptId}, by name. */
	private Map<String, List<PortMapping>> publishedPorts(String exceptId) {
		Map<String, List<PortMapping>> published = new java.util.LinkedHashMap<>();
		for (Container other : this.store.list()) {
			if (other.isRunning() && other.network() != null && !other.id().equals(exceptId)) {
				published.put(other.name(), other.network().ports());
			}
		}
		return published;
	}

	private ConmonClient.Launch launch(Container container, Path dir) throws IOException {
		Path monitor = BundleWriter.monitorDir(dir);
		Files.createDirectories(monitor);
		return new ConmonClient.Launch(container.id(), container.name(), BundleWriter.bundle(dir),
				monitor.resolve("pid"), BundleWriter.logFile(dir), this.settings.exitDir(), monitor,
				monitor.resolve("conmon.pid"), this.settings.socketDir());
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

	private Object lockFor(String key) {
		return this.locks.computeIfAbsent(key, (k) -> new Object());
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

	private static String describe(Exception ex) {
		if (ex instanceof RuntimeCommandException command) {
			return command.toolMessage();
		}
		return ex.getMessage();
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

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.debug("Could not remove {}: {}", file, ex.getMessage());
		}
	}

}
