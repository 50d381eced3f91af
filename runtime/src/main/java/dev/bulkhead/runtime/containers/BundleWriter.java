package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageConfig;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.networks.ResolvConf;
import dev.bulkhead.runtime.oci.Spec;
import dev.bulkhead.runtime.oci.SpecBuilder;
import dev.bulkhead.runtime.oci.SpecOpt;
import dev.bulkhead.runtime.oci.SpecOpts;
import dev.bulkhead.security.profiles.Capabilities;
import dev.bulkhead.security.profiles.Relaxations;

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

	private final Path initBinary;

	private final List<String> hostCapabilities = HostFacts.boundingCapabilities(Path.of("/proc/self/status"));

	public BundleWriter(RuntimeSettings settings, JsonMapper json, long nofileLimit, boolean swapAccounting) {
		this(settings, json, nofileLimit, swapAccounting, null);
	}

	/**
	 * @param initBinary the static init (catatonit or tini) bound into containers that
	 * ask for {@code init}; null when the host has none
	 */
	public BundleWriter(RuntimeSettings settings, JsonMapper json, long nofileLimit, boolean swapAccounting,
			Path initBinary) {
		this.settings = settings;
		this.policy = new PolicyCheck();
		this.json = json;
		this.nofileLimit = nofileLimit;
		this.swapAccounting = swapAccounting;
		this.initBinary = initBinary;
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
		List<String> devices = config.security().devices();
		for (int i = 0; i < devices.size(); i++) {
			DeviceRequest.parse(devices.get(i)).resolve("security.devices[" + i + "]");
		}
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
		if (r.memoryReservationBytes() != null
				&& (r.memoryReservationBytes() < 0 || r.memoryReservationBytes() > ((r.memoryBytes() != null)
						? r.memoryBytes() : this.settings.defaultMemoryBytes()))) {
			throw new InvalidArgumentException("resources.memoryReservationBytes " + r.memoryReservationBytes()
					+ " must be between 0 and the memory limit");
		}
		if (r.cpuShares() != null && (r.cpuShares() < 2 || r.cpuShares() > 262144)) {
			throw new InvalidArgumentException(
					"resources.cpuShares " + r.cpuShares() + " is out of range: give 2 to 262144 (default 1024)");
		}
		if (config.lifecycle().initEnabled() && (this.initBinary == null || !Files.isExecutable(this.initBinary))) {
			throw new InvalidArgumentException("init: this host has no init binary for containers; install "
					+ "catatonit (apt-get install catatonit) or set bulkhead.runtime.init, or leave 'init' out");
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
		return write(container, image, containerDir, netns, List.of(), null);
	}

	/**
	 * As {@link #write(Container, Image, Path, Path)}, with the container's own mounts
	 * (volumes, binds, tmpfs) already resolved to host paths; a non-null
	 * {@code resolvConf} is the container's /etc/resolv.conf (its network's DNS server),
	 * else the host's resolvers are used.
	 */
	EffectiveSecurity write(Container container, Image image, Path containerDir, Path netns,
			List<Spec.Mount> userMounts, String resolvConf) {
		ContainerConfig config = container.config();
		ImageConfig.Config imageConfig = image.config().config();
		UserResolver.Ids ids = new UserResolver().resolve(effectiveUserSpec(config, imageConfig), rootfs(containerDir));
		if (ids.isRoot()) {
			boolean explicit = config.user() != null && !config.user().isBlank();
			if (explicit && !PolicyGrants.admitted(config).permits(Relaxations.RUN_AS_ROOT)) {
				throw new ForbiddenException("user: '" + config.user() + "' is uid 0 in the image; running as root is "
						+ "not allowed at level " + PolicyGrants.admitted(config).level().name()
						+ "; use a non-root uid, or ask an admin for the exception " + Relaxations.RUN_AS_ROOT);
			}
			if (!explicit) {
				// The image asks for root: Bulkhead runs it as nobody instead.
				ids = new UserResolver.Ids(UserResolver.NOBODY, UserResolver.NOBODY);
			}
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
		opts.addAll(relaxations(config, security));
		if (security.readOnlyRootfs()) {
			opts.add(SpecOpts.readonlyRootfs(this.settings.tmpfsBytes()));
		}
		opts.add(SpecOpts.userMounts(userMounts));
		opts.add(SpecOpts.resources(security.memoryBytes(), security.memorySwapBytes(), security.cpus(),
				security.pids()));
		opts.add(SpecOpts.resourceWeights(config.resources().memoryReservationBytes(), config.resources().cpuShares()));
		if (config.lifecycle().initEnabled()) {
			if (this.initBinary == null) {
				throw new InvalidArgumentException("init: this host has no init binary for containers; install "
						+ "catatonit (apt-get install catatonit) or set bulkhead.runtime.init");
			}
			opts.add(SpecOpts.init(this.initBinary.toString()));
		}
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

	/**
	 * The uid and gid the container's process will have, read from its mounted root
	 * filesystem; an image that asks for root runs as nobody (an explicit root user is
	 * refused by admission and at start).
	 */
	UserResolver.Ids runAs(ContainerConfig config, Image image, Path rootfs) {
		UserResolver.Ids ids = new UserResolver().resolve(effectiveUserSpec(config, image.config().config()), rootfs);
		return ids.isRoot() && (config.user() == null || config.user().isBlank())
				? new UserResolver.Ids(UserResolver.NOBODY, UserResolver.NOBODY) : ids;
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
		boolean privileged = s.asksForPrivileged();
		boolean readOnly = privileged ? Boolean.TRUE.equals(s.readOnlyRootfs())
				: (s.readOnlyRootfs() == null || s.readOnlyRootfs());
		String level = PolicyGrants.admitted(config).level().name();
		List<String> asked = PolicyCheck.normalizedCapabilities(s.capAdd());
		// Privileged mode and "ALL" mean every capability the server itself can hand on.
		List<String> capabilities = (privileged || asked.size() == Capabilities.all().size()) ? this.hostCapabilities
				: asked;
		boolean unconfined = privileged || "unconfined".equals(s.seccompProfile())
				|| s.securityOpt().stream().anyMatch((o) -> optionIs(o, "seccomp:unconfined"));
		boolean newPrivileges = privileged
				|| s.securityOpt().stream().anyMatch((o) -> optionIs(o, "no-new-privileges:false"));
		List<String> hostNamespaces = new ArrayList<>();
		if ("host".equals(s.pidMode())) {
			hostNamespaces.add("pid");
		}
		if ("host".equals(s.ipcMode())) {
			hostNamespaces.add("ipc");
		}
		if (PolicyCheck.HOST_NETWORK.equals(config.network())) {
			hostNamespaces.add("network");
		}
		return new EffectiveSecurity(level, uid, gid, capabilities, !newPrivileges,
				unconfined ? "unconfined" : "default", readOnly, memory, swap, cpus, pids, privileged, hostNamespaces,
				s.devices(), s.exceptions());
	}

	private static boolean optionIs(String option, String canonical) {
		return option.strip().toLowerCase(Locale.ROOT).replace('=', ':').equals(canonical);
	}

	/**
	 * The options that apply what admission allowed beyond the hardened defaults
	 * (capabilities are already in {@code security}). Host networking is the network
	 * code's to apply.
	 */
	private static List<SpecOpt> relaxations(ContainerConfig config, EffectiveSecurity security) {
		List<SpecOpt> opts = new ArrayList<>();
		if (security.privileged()) {
			opts.add(SpecOpts.privileged(security.capabilities()));
		}
		else {
			if (security.seccomp().equals("unconfined")) {
				opts.add(SpecOpts.unconfinedSeccomp());
			}
			if (!security.noNewPrivileges()) {
				opts.add(SpecOpts.newPrivileges());
			}
		}
		if (security.hostNamespaces().contains("pid")) {
			opts.add(SpecOpts.hostNamespace("pid"));
		}
		if (security.hostNamespaces().contains("ipc")) {
			opts.add(SpecOpts.hostNamespace("ipc"));
		}
		List<String> asked = config.security().devices();
		if (!asked.isEmpty()) {
			List<Spec.Device> devices = new ArrayList<>();
			List<String> permissions = new ArrayList<>();
			for (int i = 0; i < asked.size(); i++) {
				DeviceRequest request = DeviceRequest.parse(asked.get(i));
				devices.add(request.resolve("security.devices[" + i + "]"));
				permissions.add(request.permissions());
			}
			opts.add(SpecOpts.devices(devices, permissions));
		}
		return opts;
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
