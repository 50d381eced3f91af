package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.networks.ContainerNetworking;
import dev.bulkhead.runtime.networks.NetworkAttachment;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.networks.PortMapping;
import dev.bulkhead.runtime.runner.ConmonClient;
import dev.bulkhead.runtime.runner.RuncClient;
import dev.bulkhead.runtime.runner.RuntimeCommandException;
import dev.bulkhead.runtime.snapshots.Mounter;
import dev.bulkhead.runtime.snapshots.Snapshotter;

/**
 * Puts a container's process into the kernel and takes everything of it out again. A
 * launch mounts the snapshot as the root filesystem, writes the bundle, has conmon run
 * {@code runc create}, attaches the network between create and start, and runs
 * {@code runc start}; a launch that fails half-way undoes what it did. The caller holds
 * the container's lock.
 */
final class ContainerLauncher {

	private static final Logger log = LoggerFactory.getLogger(ContainerLauncher.class);

	private final RuntimeSettings settings;

	private final ImageStore images;

	private final Snapshotter snapshotter;

	private final Mounter mounter;

	private final RuncClient runc;

	private final ConmonClient conmon;

	private final ContainerStore store;

	private final BundleWriter bundles;

	private final ContainerNetworking networking;

	private final ContainerMounts mounts;

	private final CgroupDirectories cgroups = new CgroupDirectories(Path.of("/sys/fs/cgroup"));

	ContainerLauncher(RuntimeSettings settings, ImageStore images, Snapshotter snapshotter, Mounter mounter,
			RuncClient runc, ConmonClient conmon, ContainerStore store, BundleWriter bundles,
			ContainerNetworking networking, ContainerMounts mounts) {
		this.settings = settings;
		this.mounts = mounts;
		this.images = images;
		this.snapshotter = snapshotter;
		this.mounter = mounter;
		this.runc = runc;
		this.conmon = conmon;
		this.store = store;
		this.bundles = bundles;
		this.networking = networking;
	}

	/**
	 * Starts the container's process and records it as running.
	 * @param beforeCreate runs just before conmon is asked to create the container, so
	 * that an exit arriving at once finds its waiter
	 * @throws FailedPreconditionException when it could not start; the record then says
	 * why and nothing of the attempt is left in the kernel
	 */
	Container launch(Container container, Runnable beforeCreate) {
		Path dir = this.store.directory(container.id());
		Path rootfs = BundleWriter.rootfs(dir);
		String mode = container.config().networkMode();
		NetworkAttachment attachment = null;
		List<NetworkAttachment> connected = new ArrayList<>();
		Image image = this.images.get(container.imageId());
		try {
			Files.createDirectories(rootfs);
			this.mounter.mount(this.snapshotter.mounts(container.id()), rootfs);
			Path netns = this.networking.prepareNamespace(container.id(), mode);
			if (mode.startsWith(NetworkDriver.CONTAINER_PREFIX)) {
				netns = sharedNamespace(container, mode);
			}
			EffectiveSecurity security = this.bundles.write(container, image, dir, netns,
					this.mounts.specMounts(container), this.networking.resolvConf(mode));
			ConmonClient.Launch launch = conmonLaunch(container, dir);
			Files.deleteIfExists(launch.persistDir().resolve("exit"));
			Files.deleteIfExists(launch.persistDir().resolve("oom"));
			Files.deleteIfExists(this.settings.exitDir().resolve(container.id()));
			beforeCreate.run();
			int pid = this.conmon.create(launch);
			if (ContainerNetworking.isBridge(mode)) {
				attachment = this.networking.attach(container.id(), NetworkConnections.dnsNames(container), mode,
						container.config().ports(), publishedPorts(container.id()));
				reconnect(container, connected);
			}
			this.runc.start(container.id());
			boolean probed = Healthchecks.resolve(container.config().lifecycle().healthcheck(), image.config().config())
				.isPresent();
			Container started = container.started(pid, Instant.now(), security, attachment, connected, probed);
			this.store.save(started);
			this.store.events().started(started);
			return started;
		}
		catch (RuntimeException | IOException ex) {
			cleanUp(container.withConnections(connected), attachment, rootfs);
			String reason = describe(ex);
			this.store.save(container.failed(reason));
			throw new FailedPreconditionException("container '" + container.name() + "' could not start: " + reason,
					ex);
		}
	}

	/**
	 * Connects the networks a user connected the container to, again, in the order they
	 * were connected (so {@code eth1}, {@code eth2}... keep their order), with their
	 * aliases in the networks' DNS; adds each attachment to {@code connected} as it is
	 * made, so a failure later on releases it.
	 */
	private void reconnect(Container container, List<NetworkAttachment> connected) {
		for (NetworkConnection wanted : container.connectedNetworks()) {
			try {
				connected.add(this.networking.connect(container.id(), NetworkConnections.dnsNames(container),
						container.config().networkMode(), wanted.network(), wanted.aliases(), List.copyOf(connected)));
			}
			catch (NotFoundException ex) {
				throw new ConflictException("network '" + wanted.network() + "', which container '" + container.name()
						+ "' was connected to, no longer exists; disconnect the container from it or create the "
						+ "network again", ex);
			}
		}
	}

	/** The health check a container runs with, if any (its image may be gone: none). */
	Optional<Healthchecks.Effective> healthcheck(Container container) {
		try {
			return Healthchecks.resolve(container.config().lifecycle().healthcheck(),
					this.images.get(container.imageId()).config().config());
		}
		catch (RuntimeException ex) {
			return Healthchecks.resolve(container.config().lifecycle().healthcheck(), null);
		}
	}

	/**
	 * Deletes what a started container had in the kernel: runc's container, its network
	 * attachment and namespace, its cgroups and its root filesystem mount.
	 * @param attachment the network attachment as made at start, or null if unknown
	 */
	void cleanUp(Container container, NetworkAttachment attachment, Path rootfs) {
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

	/** Whether anything of a container that is not running is still in the kernel. */
	boolean hasLeftovers(Container container) {
		return this.mounter.isMounted(BundleWriter.rootfs(this.store.directory(container.id())))
				|| this.networking.hasNamespace(container.id());
	}

	/** Ports published by running containers other than {@code exceptId}, by name. */
	Map<String, List<PortMapping>> publishedPorts(String exceptId) {
		Map<String, List<PortMapping>> published = new LinkedHashMap<>();
		for (Container other : this.store.list()) {
			if (other.isRunning() && other.network() != null && !other.id().equals(exceptId)) {
				published.put(other.name(), other.network().ports());
			}
		}
		return published;
	}

	private ConmonClient.Launch conmonLaunch(Container container, Path dir) throws IOException {
		Path monitor = BundleWriter.monitorDir(dir);
		Files.createDirectories(monitor);
		return new ConmonClient.Launch(container.id(), container.name(), BundleWriter.bundle(dir),
				monitor.resolve("pid"), BundleWriter.logFile(dir), this.settings.exitDir(), monitor,
				monitor.resolve("conmon.pid"), this.settings.socketDir());
	}

	private static String describe(Exception ex) {
		if (ex instanceof RuntimeCommandException command) {
			return command.toolMessage();
		}
		return ex.getMessage();
	}

	/**
	 * After a server restart, tells the networking of a container that still runs (its
	 * names for the networks' DNS, its connections), so that names resolve again.
	 */
	void restoreNetworking(Container container) {
		this.networking.restore(container.id(), NetworkConnections.dnsNames(container),
				container.config().networkMode(), container.network());
		for (NetworkAttachment connection : container.connections()) {
			List<String> names = new ArrayList<>(NetworkConnections.dnsNames(container));
			names.addAll(connection.aliases());
			this.networking.restore(container.id(), names, connection.network(), connection);
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

}
