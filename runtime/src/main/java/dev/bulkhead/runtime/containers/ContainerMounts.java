package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageConfig;
import dev.bulkhead.runtime.oci.Spec;
import dev.bulkhead.runtime.oci.SpecOpts;
import dev.bulkhead.runtime.snapshots.Mount;
import dev.bulkhead.runtime.snapshots.Mounter;
import dev.bulkhead.runtime.volumes.ImageContentCopy;
import dev.bulkhead.runtime.volumes.LocalVolumeStore;
import dev.bulkhead.runtime.volumes.Volume;
import dev.bulkhead.runtime.volumes.VolumeStore;

/**
 * A container's mounts through its life: checked at create (targets, sources, the bind
 * prefixes an admin allows), completed with anonymous volumes for the image's
 * {@code VOLUME} entries, volumes made and filled with the image's content, warnings
 * about mounts the container's user cannot write, and at start turned into OCI mounts.
 */
final class ContainerMounts {

	/** Paths Bulkhead itself mounts; a user mount there would hide or break them. */
	private static final List<String> RESERVED = List.of("/proc", "/sys", "/dev", "/etc/hosts", "/etc/hostname",
			"/etc/resolv.conf");

	private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{3,4}");

	private static final long MAX_TMPFS_BYTES = 64L * 1024 * 1024 * 1024;

	private final VolumeStore volumes;

	private final List<Path> bindPrefixes;

	private final long defaultTmpfsBytes;

	private final PolicyCheck policy = new PolicyCheck();

	private final Mounter mounter;

	private final BundleWriter bundles;

	ContainerMounts(VolumeStore volumes, List<Path> bindPrefixes, long defaultTmpfsBytes, Mounter mounter,
			BundleWriter bundles) {
		this.volumes = volumes;
		this.bindPrefixes = bindPrefixes.stream().map((p) -> p.toAbsolutePath().normalize()).toList();
		this.defaultTmpfsBytes = defaultTmpfsBytes;
		this.mounter = mounter;
		this.bundles = bundles;
	}

	/** Without the means to mount a root filesystem (for checks and spec mounts only). */
	ContainerMounts(VolumeStore volumes, List<Path> bindPrefixes, long defaultTmpfsBytes) {
		this(volumes, bindPrefixes, defaultTmpfsBytes, null, null);
	}

	/**
	 * Checks the request's mounts and adds an anonymous volume (no source yet) for each
	 * of the image's {@code VOLUME} entries that no mount covers. Nothing is made.
	 */
	List<MountSpec> admit(ContainerConfig config, Image image) {
		List<MountSpec> admitted = new ArrayList<>();
		Set<String> targets = new HashSet<>();
		for (int i = 0; i < config.mounts().size(); i++) {
			MountSpec mount = config.mounts().get(i);
			String where = "mounts[" + i + "]";
			if (mount == null) {
				throw new InvalidArgumentException(where + ": give {type, source, target}");
			}
			String target = target(where, mount.target());
			if (!targets.add(target)) {
				throw new InvalidArgumentException(
						where + ".target: " + target + " is mounted twice; give each " + "target once");
			}
			admitted.add(checked(where, mount, target));
		}
		List<String> violations = this.policy
			.evaluate(config.withMounts(admitted), PolicyCheck.granted(config), this.bindPrefixes)
			.violations()
			.stream()
			.filter((v) -> v.field().startsWith("mounts["))
			.map(PolicyVerdict.Violation::line)
			.toList();
		if (!violations.isEmpty()) {
			throw new ForbiddenException(String.join("\n", violations));
		}
		ImageConfig.Config imageConfig = image.config().config();
		if (imageConfig != null && imageConfig.volumes() != null) {
			for (String entry : imageConfig.volumes().keySet().stream().sorted().toList()) {
				Path path = Path.of(entry).normalize();
				if (path.isAbsolute() && path.getNameCount() > 0 && targets.add(path.toString())
						&& !isReserved(path.toString())) {
					admitted.add(new MountSpec(MountSpec.VOLUME, null, path.toString(), null, null, null));
				}
			}
		}
		return admitted;
	}

	private MountSpec checked(String where, MountSpec mount, String target) {
		String type = (mount.type() != null) ? mount.type() : "";
		boolean tmpfsOptions = mount.tmpfsSizeBytes() != null || mount.tmpfsMode() != null;
		switch (type) {
			case MountSpec.VOLUME -> {
				String source = blankToNull(mount.source());
				if (source != null && !volumeName(source)) {
					throw new InvalidArgumentException(where + ".source: '" + source
							+ "' is not a volume name: use letters, digits, '_', '.' and '-'");
				}
				refuseTmpfsOptions(where, tmpfsOptions);
				return new MountSpec(type, source, target, mount.readOnly(), null, null);
			}
			case MountSpec.BIND -> {
				String source = blankToNull(mount.source());
				if (source == null || !source.startsWith("/")) {
					throw new InvalidArgumentException(where + ".source: a bind mount needs an absolute host path");
				}
				refuseTmpfsOptions(where, tmpfsOptions);
				Path real;
				try {
					// The real path, so a symbolic link cannot lead outside an allowed
					// prefix.
					real = Path.of(source).toRealPath();
				}
				catch (IOException ex) {
					throw new InvalidArgumentException(
							where + ".source: host path " + source + " does not exist; create it first");
				}
				return new MountSpec(type, real.toString(), target, mount.readOnly(), null, null);
			}
			case MountSpec.TMPFS -> {
				if (blankToNull(mount.source()) != null) {
					throw new InvalidArgumentException(where + ".source: a tmpfs mount has no source; leave it out");
				}
				long size = (mount.tmpfsSizeBytes() != null) ? mount.tmpfsSizeBytes() : this.defaultTmpfsBytes;
				if (size < 4096 || size > MAX_TMPFS_BYTES) {
					throw new InvalidArgumentException(
							where + ".tmpfsSizeBytes: " + size + " is out of range: give 4096 bytes to 64 GiB");
				}
				String mode = (mount.tmpfsMode() != null) ? mount.tmpfsMode().strip() : "1777";
				if (!OCTAL_MODE.matcher(mode).matches()) {
					throw new InvalidArgumentException(
							where + ".tmpfsMode: '" + mode + "' is not an octal mode such as 1777 or 0755");
				}
				return new MountSpec(type, null, target, mount.readOnly(), size, mode);
			}
			default -> throw new InvalidArgumentException(
					where + ".type: '" + mount.type() + "' is not a mount type; use volume, bind or tmpfs");
		}
	}

	/**
	 * Makes the volumes the mounts need: an anonymous one for each volume mount without a
	 * source, and the named ones that do not exist yet, owned by {@code owner}. On
	 * failure what was made is removed again.
	 */
	Prepared prepare(List<MountSpec> admitted, Volume.Owner owner, String containerId) {
		List<MountSpec> mounts = new ArrayList<>();
		List<String> made = new ArrayList<>();
		try {
			for (MountSpec mount : admitted) {
				if (!MountSpec.VOLUME.equals(mount.type())) {
					mounts.add(mount);
				}
				else if (mount.source() == null) {
					Volume volume = this.volumes.createAnonymous(Map.of(ContainerVolumes.CONTAINER_LABEL, containerId),
							owner);
					made.add(volume.name());
					mounts.add(mount.withSource(volume.name()));
				}
				else {
					if (this.volumes.find(mount.source()).isEmpty()) {
						made.add(this.volumes.create(mount.source(), Map.of(), owner).name());
					}
					mounts.add(mount);
				}
			}
			return new Prepared(List.copyOf(mounts), List.copyOf(made));
		}
		catch (RuntimeException ex) {
			undo(new Prepared(mounts, made));
			throw ex;
		}
	}

	void undo(Prepared prepared) {
		for (String name : prepared.madeVolumes()) {
			if (this.volumes.find(name).isPresent()) {
				this.volumes.remove(name);
			}
		}
	}

	/**
	 * Mounts a new container's root filesystem (its snapshot {@code rootfsMounts}) at
	 * {@code rootfs} for a moment to fill new volumes and compare the owners of mounts
	 * with the container's user; returns the warnings.
	 */
	List<String> populate(ContainerConfig config, Image image, Path rootfs, List<Mount> rootfsMounts) {
		try {
			Files.createDirectories(rootfs);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create " + rootfs, ex);
		}
		this.mounter.mount(rootfsMounts, rootfs);
		try {
			return populate(config.mounts(), rootfs, this.bundles.runAs(config, image, rootfs));
		}
		finally {
			this.mounter.unmount(rootfs);
		}
	}

	/**
	 * With the container's root filesystem mounted at {@code rootfs}: fills each new
	 * volume with the image's content at its target, and returns a warning for each
	 * writable mount the container's user cannot write.
	 */
	List<String> populate(List<MountSpec> mounts, Path rootfs, UserResolver.Ids user) {
		List<String> warnings = new ArrayList<>();
		for (MountSpec mount : mounts) {
			switch (mount.type()) {
				case MountSpec.VOLUME -> {
					Volume volume = this.volumes.get(mount.source());
					Path data = this.volumes.mountpoint(volume.name());
					if (!volume.populated()) {
						if (isEmpty(data)) {
							ImageContentCopy.imageDirectory(rootfs, mount.target())
								.ifPresent((dir) -> ImageContentCopy.copy(dir, data));
						}
						this.volumes.markPopulated(volume.name());
					}
					if (!mount.isReadOnly()) {
						unwritable(Owner.of(data), user).ifPresent((owner) -> warnings
							.add("volume '" + shortName(volume) + "' data is " + owner.describe(user, mount.target())));
					}
				}
				case MountSpec.BIND -> {
					if (!mount.isReadOnly()) {
						unwritable(Owner.of(Path.of(mount.source())), user).ifPresent((owner) -> warnings
							.add("host path " + mount.source() + " is " + owner.describe(user, mount.target())));
					}
				}
				default -> {
					if (!mount.isReadOnly()) {
						Owner owner = new Owner(0, 0, Integer.parseInt(mount.tmpfsMode(), 8));
						unwritable(owner, user).ifPresent((o) -> warnings
							.add("tmpfs at " + mount.target() + " is " + o.describe(user, mount.target())));
					}
				}
			}
		}
		return warnings;
	}

	/** The OCI mounts of a container about to start. */
	List<Spec.Mount> specMounts(Container container) {
		List<Spec.Mount> mounts = new ArrayList<>();
		for (MountSpec mount : container.config().mounts()) {
			switch (mount.type()) {
				case MountSpec.VOLUME -> {
					if (this.volumes.find(mount.source()).isEmpty()) {
						throw new FailedPreconditionException("volume '" + mount.source() + "' mounted at "
								+ mount.target() + " was removed; remove this container and create it again");
					}
					mounts.add(SpecOpts.bindMount(this.volumes.mountpoint(mount.source()).toString(), mount.target(),
							mount.isReadOnly()));
				}
				case MountSpec.BIND -> {
					if (!Files.exists(Path.of(mount.source()))) {
						throw new FailedPreconditionException("host path " + mount.source() + " mounted at "
								+ mount.target() + " no longer exists; create it again");
					}
					mounts.add(SpecOpts.bindMount(mount.source(), mount.target(), mount.isReadOnly()));
				}
				default -> mounts.add(SpecOpts.tmpfsMount(mount.target(), mount.tmpfsSizeBytes(), mount.tmpfsMode(),
						mount.isReadOnly()));
			}
		}
		return mounts;
	}

	private static String target(String where, String target) {
		if (target == null || target.isBlank()) {
			throw new InvalidArgumentException(where + ".target: give the absolute path inside the container");
		}
		if (!target.startsWith("/")) {
			throw new InvalidArgumentException(where + ".target: '" + target + "' is not an absolute path");
		}
		for (String part : target.split("/")) {
			if (part.equals("..")) {
				throw new InvalidArgumentException(where + ".target: '" + target + "' must not contain '..'");
			}
		}
		String normalized = Path.of(target).normalize().toString();
		if (normalized.equals("/")) {
			throw new InvalidArgumentException(where + ".target: a mount cannot replace the root directory '/'");
		}
		if (isReserved(normalized)) {
			throw new InvalidArgumentException(where + ".target: " + normalized
					+ " is mounted by Bulkhead itself (/proc, /sys, /dev, /etc/hosts, /etc/hostname, "
					+ "/etc/resolv.conf); choose another path");
		}
		return normalized;
	}

	private static boolean isReserved(String path) {
		return RESERVED.stream().anyMatch((r) -> path.equals(r) || path.startsWith(r + "/"));
	}

	private static void refuseTmpfsOptions(String where, boolean given) {
		if (given) {
			throw new InvalidArgumentException(
					where + ": tmpfsSizeBytes and tmpfsMode apply to tmpfs mounts only; leave them out");
		}
	}

	private static boolean volumeName(String name) {
		try {
			LocalVolumeStore.validateName(name);
			return true;
		}
		catch (InvalidArgumentException ex) {
			return false;
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static String shortName(Volume volume) {
		return volume.anonymous() ? volume.name().substring(0, 12) : volume.name();
	}

	private static boolean isEmpty(Path dir) {
		try (var entries = Files.list(dir)) {
			return entries.findAny().isEmpty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + dir, ex);
		}
	}

	/**
	 * Whether the user may write, as the kernel decides for a process without
	 * CAP_DAC_OVERRIDE (Bulkhead's containers have none): by owner, group or other bits.
	 */
	static Optional<Owner> unwritable(Owner owner, UserResolver.Ids user) {
		boolean writable = (owner.uid() == user.uid()) ? (owner.mode() & 0200) != 0
				: (owner.gid() == user.gid()) ? (owner.mode() & 0020) != 0 : (owner.mode() & 0002) != 0;
		return writable ? Optional.empty() : Optional.of(owner);
	}

	/** Owner and permission bits of a mount's root. */
	record Owner(long uid, long gid, int mode) {

		static Owner of(Path path) {
			try {
				int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
				int gid = (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
				int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
				return new Owner(uid, gid, mode);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read the owner of " + path, ex);
			}
		}

		String describe(UserResolver.Ids user, String target) {
			return String.format("owned by uid %d (mode %04o); the container runs as uid %d and cannot write to %s",
					this.uid, this.mode, user.uid(), target) + "; make it owned by uid " + user.uid()
					+ ", run the container as uid " + this.uid + ", or mount it read-only";
		}

	}

	/**
	 * Mounts with every volume named, and the volumes made for them.
	 */
	record Prepared(List<MountSpec> mounts, List<String> madeVolumes) {
	}

}
