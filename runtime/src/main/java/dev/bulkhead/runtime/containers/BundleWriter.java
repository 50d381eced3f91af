package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageConfig;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.networks.ResolvConf;
import dev.bulkhead.runtime.oci.Spec;
import dev.bulkhead.runtime.oci.SpecBuilder;
import dev.bulkhead.runtime.oci.SpecOpt;
import dev.bulkhead.runtime.oci.SpecOpts;

/**
 * Admits a container request against the security policy and writes its OCI bundle: the
 * {@code config.json} composed from Bulkhead's defaults, the image config, the request
 * and the hardening profile, plus the small files the container sees as /etc/hosts,
 * /etc/hostname and /etc/resolv.conf.
 */
public final class BundleWriter {

	private final RuntimeSettings settings;

	private final PolicyCheck policy;

	private final JsonMapper json;

	private final long nofileLimit;

	private final boolean swapAccounting;

	private final ResolvConf resolvConf = ResolvConf.ofHost();

	public BundleWriter(RuntimeSettings settings, JsonMapper json, long nofileLimit, boolean swapAccounting) {
		this.settings = settings;
		this.policy = new PolicyCheck();
		this.json = json;
		this.nofileLimit = nofileLimit;
		this.swapAccounting = swapAccounting;
	}

	static Path bundle(Path containerDir) {
		return containerDir.resolve("bundle");
	}

	static Path rootfs(Path containerDir) {
		return bundle(containerDir).resolve("rootfs");
	}

	static Path monitorDir(Path containerDir) {
		return containerDir.resolve("monitor");
	}

	static Path logFile(Path containerDir) {
		return containerDir.resolve("container.log");
	}

	/**
	 * Checks a request before anything is made: every policy violation at once, then the
	 * values. Returns the security settings the container will run with (the uid of a
	 * user given by name is only known once the image is mounted, at start).
	 */
	EffectiveSecurity admit(ContainerConfig config, Image image) {
		this.policy.check(config);
		ContainerConfig.Resources r = config.resources();
		if (r.memoryBytes() != null && r.memoryBytes() < 6L * 1024 * 1024) {
			throw new InvalidArgumentException(
					"resources.memoryBytes " + r.memoryBytes() + " is too small: a container needs at least 6 MiB");
		}
		if (r.cpus() != null && (r.cpus() <= 0 || r.cpus() > Runtime.getRuntime().availableProcessors() * 4)) {
			throw new InvalidArgumentException("resources.cpus " + r.cpus() + " is out of range: give a value above 0");
		}
		if (r.pids() != null && r.pids() < 1) {
			throw new InvalidArgumentException("resources.pids must be at least 1");
		}
		if (config.stopTimeoutSeconds() != null && config.stopTimeoutSeconds() < 0) {
			throw new InvalidArgumentException("stopTimeoutSeconds must not be negative");
		}
		if (config.stopSignal() != null) {
			Signals.normalize(config.stopSignal());
		}
		ImageConfig.Config imageConfig = image.config().config();
		SpecBuilder probe = new SpecBuilder().with(List.of(SpecOpts.defaults(), SpecOpts.imageConfig(imageConfig),
				SpecOpts.command(imageConfig, config.entrypoint(), config.command())));
		if (probe.args().isEmpty()) {
			throw new InvalidArgumentException("image '" + config.image()
					+ "' has no entrypoint or command and the request gives none: set 'command'");
		}
		String user = effectiveUserSpec(config, imageConfig);
		long uid = -1;
		long gid = -1;
		if (user.matches("[0-9]+(:[0-9]+)?")) {
			String[] parts = user.split(":");
			uid = Long.parseLong(parts[0]);
			gid = (parts.length > 1) ? Long.parseLong(parts[1]) : uid;
		}
		return effective(config, uid, gid);
	}

	/**
	 * Writes the bundle for a container whose root filesystem is already mounted under
	 * {@code <containerDir>/bundle/rootfs}.
	 */
	EffectiveSecurity write(Container container, Image image, Path containerDir) {
		return write(container, image, containerDir, null);
	}

	/**
	 * As {@link #write(Container, Image, Path)}; a non-null {@code netns} is the
	 * persistent network namespace the container joins.
	 */
	EffectiveSecurity write(Container container, Image image, Path containerDir, Path netns) {
		return write(container, image, containerDir, netns, null);
	}

	/**
	 * As {@link #write(Container, Image, Path, Path)}; a non-null {@code resolvConf} is
	 * the container's /etc/resolv.conf (its network's DNS server), else the host's
	 * resolvers are used.
	 */
	EffectiveSecurity write(Container container, Image image, Path containerDir, Path netns, String resolvConf) {
		ContainerConfig config = container.config();
		ImageConfig.Config imageConfig = image.config().config();
		UserResolver.Ids ids = new UserResolver().resolve(effectiveUserSpec(config, imageConfig), rootfs(containerDir));
		if (ids.isRoot()) {
			if (config.user() != null && !config.user().isBlank()) {
				throw new dev.bulkhead.runtime.errors.ForbiddenException("user: '" + config.user()
						+ "' is uid 0 in the image; running as root is not allowed at level restricted; "
						+ "use a non-root uid, or ask an admin for an exception");
			}
			// The image asks for root: Bulkhead runs it as nobody instead.
			ids = new UserResolver.Ids(UserResolver.NOBODY, UserResolver.NOBODY);
		}
		EffectiveSecurity security = effective(config, ids.uid(), ids.gid());
		String hostname = (config.hostname() != null) ? config.hostname() : container.shortId();
		Path hosts = containerDir.resolve("hosts");
		Path hostnameFile = containerDir.resolve("hostname");
		writeBundleFile(hosts,
				("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t" + hostname + "\n")
					.getBytes(StandardCharsets.UTF_8));
		writeBundleFile(hostnameFile, (hostname + "\n").getBytes(StandardCharsets.UTF_8));
		Path resolvConfFile = containerDir.resolve("resolv.conf");
		writeBundleFile(resolvConfFile,
				((resolvConf != null) ? resolvConf : this.resolvConf.forContainer()).getBytes(StandardCharsets.UTF_8));

		List<SpecOpt> opts = new ArrayList<>();
		opts.add(SpecOpts.defaults());
		opts.add(SpecOpts.imageConfig(imageConfig));
		opts.add(SpecOpts.command(imageConfig, config.entrypoint(), config.command()));
		opts.add(SpecOpts.env(config.env()));
		if (config.workingDir() != null && !config.workingDir().isBlank()) {
			opts.add(SpecOpts.workingDir(config.workingDir()));
		}
		opts.add(SpecOpts.user(ids.uid(), ids.gid(), List.of()));
		opts.add(SpecOpts.hardened(security.capabilities()));
		if (security.readOnlyRootfs()) {
			opts.add(SpecOpts.readonlyRootfs(this.settings.tmpfsBytes()));
		}
		opts.add(SpecOpts.resources(security.memoryBytes(), security.memorySwapBytes(), security.cpus(),
				security.pids()));
		opts.add(SpecOpts.nofile(this.nofileLimit));
		opts.add(SpecOpts.hostname(hostname));
		opts.add(SpecOpts.cgroupsPath(CgroupDirectories.specPath(container.id())));
		String mode = config.networkMode();
		if (mode.startsWith(NetworkDriver.CONTAINER_PREFIX)) {
			// the network's files are the other container's, as its namespace is
			Path other = containerDir.resolveSibling(mode.substring(NetworkDriver.CONTAINER_PREFIX.length()));
			hosts = other.resolve("hosts");
			resolvConfFile = other.resolve("resolv.conf");
		}
		opts.add(SpecOpts.readonlyBind(hosts.toString(), "/etc/hosts"));
		opts.add(SpecOpts.readonlyBind(hostnameFile.toString(), "/etc/hostname"));
		opts.add(SpecOpts.readonlyBind(resolvConfFile.toString(), "/etc/resolv.conf"));
		if (netns != null) {
			opts.add(SpecOpts.networkNamespace(netns.toString()));
		}
		else if (mode.equals(NetworkDriver.HOST)) {
			opts.add(SpecOpts.hostNetworkNamespace());
		}
		opts.add(SpecOpts.annotation("dev.bulkhead.container.name", container.name()));
		Spec spec = new SpecBuilder().with(opts).build();
		writeBundleFile(bundle(containerDir).resolve("config.json"),
				this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(spec));
		return security;
	}

	private EffectiveSecurity effective(ContainerConfig config, long uid, long gid) {
		ContainerConfig.Resources r = config.resources();
		long memory = (r.memoryBytes() != null) ? r.memoryBytes() : this.settings.defaultMemoryBytes();
		double cpus = (r.cpus() != null) ? r.cpus() : this.settings.defaultCpus();
		long pids = (r.pids() != null) ? r.pids() : this.settings.defaultPids();
		// Swap is not given to containers: memory+swap equals the memory limit where the
		// kernel accounts swap. Docker instead allows as much swap again as memory.
		Long swap = this.swapAccounting ? memory : null;
		ContainerConfig.Security s = config.security();
		boolean readOnly = s.readOnlyRootfs() == null || s.readOnlyRootfs();
		String level = (s.level() != null) ? s.level() : PolicyCheck.DEFAULT_LEVEL;
		return new EffectiveSecurity(level, uid, gid, PolicyCheck.normalizedCapabilities(s.capAdd()), true, "default",
				readOnly, memory, swap, cpus, pids);
	}

	private static String effectiveUserSpec(ContainerConfig config, ImageConfig.Config imageConfig) {
		if (config.user() != null && !config.user().isBlank()) {
			return config.user();
		}
		String imageUser = (imageConfig != null) ? imageConfig.user() : null;
		if (imageUser == null || imageUser.isBlank() || UserResolver.namesRoot(imageUser)) {
			return UserResolver.NOBODY + ":" + UserResolver.NOBODY;
		}
		return imageUser;
	}

	/**
	 * Bundle files are written anew at every start, so after a crash a torn one is simply
	 * replaced: they are not synced to disk, which would cost milliseconds on every
	 * start.
	 */
	private static void writeBundleFile(Path file, byte[] content) {
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + file, ex);
		}
	}

}
