package dev.bulkhead.runtime.containers;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.networks.ContainerNetworking;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.snapshots.Snapshotter;
import dev.bulkhead.runtime.state.FileTrees;
import dev.bulkhead.runtime.volumes.Volume;

/**
 * The create path: checks a request (name, image, restart policy, health check), has
 * policy, mounts and networking admit it, then makes the snapshot, the volumes it needs
 * and the record, undoing all of it if any step fails. Nothing runs until a start.
 */
final class ContainerCreator {

	private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

	private final ImageStore images;

	private final Snapshotter snapshotter;

	private final ContainerStore store;

	private final BundleWriter bundles;

	private final ContainerNetworking networking;

	private final ContainerLauncher launcher;

	private final ContainerMounts mounts;

	private final ContainerVolumes volumes;

	private final ContainerLocks locks;

	ContainerCreator(ImageStore images, Snapshotter snapshotter, ContainerStore store, BundleWriter bundles,
			ContainerNetworking networking, ContainerLauncher launcher, ContainerMounts mounts,
			ContainerVolumes volumes, ContainerLocks locks) {
		this.images = images;
		this.snapshotter = snapshotter;
		this.store = store;
		this.bundles = bundles;
		this.networking = networking;
		this.launcher = launcher;
		this.mounts = mounts;
		this.volumes = volumes;
		this.locks = locks;
	}

	/**
	 * Records a new container; volumes it needs that do not exist yet (named, and
	 * anonymous ones for the image's {@code VOLUME} entries) are made owned by
	 * {@code volumeOwner}, filled with the image's content at their target.
	 */
	Container create(ContainerConfig config, Volume.Owner volumeOwner) {
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

	static void checkName(String name) {
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

}
