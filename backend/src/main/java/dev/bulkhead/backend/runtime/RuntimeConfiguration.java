package dev.bulkhead.backend.runtime;

import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.bulkhead.backend.system.BulkheadProperties;
import dev.bulkhead.backend.system.ExecutableLocator;
import dev.bulkhead.runtime.containers.BundleWriter;
import dev.bulkhead.runtime.containers.ContainerManager;
import dev.bulkhead.runtime.containers.ContainerStore;
import dev.bulkhead.runtime.containers.HostFacts;
import dev.bulkhead.runtime.containers.RuntimeSettings;
import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.FileContentStore;
import dev.bulkhead.runtime.events.EventSink;
import dev.bulkhead.runtime.images.EventingImageStore;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.images.LayerUnpacker;
import dev.bulkhead.runtime.images.LocalImageStore;
import dev.bulkhead.runtime.images.Platform;
import dev.bulkhead.runtime.networks.CniNetworkDriver;
import dev.bulkhead.runtime.networks.CniPlugins;
import dev.bulkhead.runtime.networks.EventingNetworkDriver;
import dev.bulkhead.runtime.networks.ContainerNetworking;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.networks.NetworkNamespaces;
import dev.bulkhead.runtime.networks.PortConflictDetector;
import dev.bulkhead.runtime.networks.ResolvConf;
import dev.bulkhead.runtime.networks.dns.EmbeddedDns;
import dev.bulkhead.runtime.networks.dns.UpstreamResolvers;
import dev.bulkhead.runtime.runner.CommandRunner;
import dev.bulkhead.runtime.runner.ConmonClient;
import dev.bulkhead.runtime.runner.RuncClient;
import dev.bulkhead.runtime.snapshots.Mounter;
import dev.bulkhead.runtime.snapshots.OverlaySnapshotter;
import dev.bulkhead.runtime.snapshots.Snapshotter;
import dev.bulkhead.runtime.sys.NativeSyscalls;
import dev.bulkhead.runtime.sys.Syscalls;
import dev.bulkhead.runtime.volumes.EventingVolumeStore;
import dev.bulkhead.runtime.volumes.LocalVolumeStore;
import dev.bulkhead.runtime.volumes.VolumeStore;

/**
 * Assembles the runtime module (which knows nothing of Spring) from the server's
 * properties.
 */
@Configuration(proxyBeanMethods = false)
class RuntimeConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RuntimeConfiguration.class);

	@Bean
	RuntimeSettings runtimeSettings(BulkheadProperties properties, ExecutableLocator locator) {
		return RuntimeSettings.withDefaults(properties.dataRoot().toAbsolutePath(),
				properties.runRoot().toAbsolutePath(),
				program(locator, properties.runtime().runc(), "bulkhead.runtime.runc", "runc"),
				program(locator, properties.runtime().conmon(), "bulkhead.runtime.conmon", "conmon"));
	}

	/**
	 * A missing program does not stop the server (images and the dashboard still work);
	 * the log says what to install, and starting a container names the missing program.
	 */
	private static Path program(ExecutableLocator locator, String configured, String property, String pkg) {
		// a bind mount needs the file itself, not a link to it
		return locator.locate(configured).map((path) -> {
			try {
				return path.toRealPath();
			}
			catch (java.io.IOException ex) {
				return path;
			}
		}).orElseGet(() -> {
			log.warn("'{}' was not found: containers cannot start until it is installed (apt-get install {}) "
					+ "or {} points at it", configured, pkg, property);
			return Path.of(configured);
		});
	}

	/**
	 * The static init bound into containers that ask for {@code init}: Debian's catatonit
	 * by default (podman's), or tini-static. Without one, such a create is refused with
	 * what to install.
	 */
	private static Path initBinary(ExecutableLocator locator, String configured) {
		// a bind mount needs the file itself, not a link to it
		return locator.locate(configured).map((path) -> {
			try {
				return path.toRealPath();
			}
			catch (java.io.IOException ex) {
				return path;
			}
		}).orElseGet(() -> {
			log.info("No init binary '{}' for containers that ask for init (apt-get install catatonit, or set "
					+ "bulkhead.runtime.init)", configured);
			return null;
		});
	}

	@Bean
	Syscalls syscalls() {
		return new NativeSyscalls();
	}

	@Bean
	ContentStore contentStore(RuntimeSettings settings) {
		return new FileContentStore(settings.dataRoot());
	}

	@Bean
	Snapshotter snapshotter(RuntimeSettings settings, Syscalls syscalls) {
		return new OverlaySnapshotter(settings.dataRoot().resolve("snapshots"), syscalls);
	}

	/**
	 * @param maxLayerBytes the cap on one layer's uncompressed size (a tar bomb stops
	 * there), {@code bulkhead.images.max-layer-bytes}, 8 GiB by default
	 */
	@Bean
	ImageStore imageStore(RuntimeSettings settings, ContentStore content, Snapshotter snapshotter, Syscalls syscalls,
			EventSink events, @Value("${bulkhead.images.max-layer-bytes:" + LayerUnpacker.DEFAULT_MAX_UNPACKED_BYTES
					+ "}") long maxLayerBytes) {
		return new EventingImageStore(
				new LocalImageStore(settings.dataRoot(), content, snapshotter,
						new LayerUnpacker(syscalls, maxLayerBytes), JsonMapper.builder().build(), Platform.host()),
				events);
	}

	@Bean
	NetworkDriver networkDriver(RuntimeSettings settings, BulkheadProperties properties, EventSink events,
			@Value("${bulkhead.networks.default-subnet:10.213.0.0/16}") String defaultSubnet) {
		JsonMapper json = JsonMapper.builder().findAndAddModules().build();
		return new EventingNetworkDriver(new CniNetworkDriver(settings.dataRoot(), settings.runRoot(), defaultSubnet,
				new CniPlugins(properties.cni().pluginDir(), json), new CommandRunner(), json,
				Path.of("/proc/net/route")), events);
	}

	@Bean(destroyMethod = "close")
	ContainerNetworking containerNetworking(RuntimeSettings settings, NetworkDriver networks, Syscalls syscalls) {
		return new ContainerNetworking(networks,
				new NetworkNamespaces(settings.runRoot().resolve("netns"), syscalls, new CommandRunner()),
				new PortConflictDetector(Path.of("/proc")), new EmbeddedDns(53, UpstreamResolvers.ofHost()),
				ResolvConf.ofHost());
	}

	@Bean
	VolumeStore volumeStore(RuntimeSettings settings, EventSink events) {
		return new EventingVolumeStore(
				new LocalVolumeStore(settings.dataRoot(), JsonMapper.builder().findAndAddModules().build()), events);
	}

	@Bean(destroyMethod = "close")
	ContainerManager containerManager(RuntimeSettings settings, ImageStore images, Snapshotter snapshotter,
			Syscalls syscalls, ContainerNetworking networking, ExecutableLocator locator,
			@Value("${bulkhead.runtime.init:catatonit}") String init, VolumeStore volumes, BindPrefixes bindPrefixes,
			EventSink events) {
		JsonMapper json = JsonMapper.builder().findAndAddModules().build();
		RuncClient runc = new RuncClient(settings.runc(), settings.runcRoot(), new CommandRunner(), json);
		ConmonClient conmon = new ConmonClient(settings.conmon(), runc, json);
		BundleWriter bundles = new BundleWriter(settings, json, HostFacts.nofileHardLimit(Path.of("/proc/self/limits")),
				HostFacts.swapAccounting(Path.of("/sys/fs/cgroup")), initBinary(locator, init));
		return new ContainerManager(settings, images, snapshotter, new Mounter(syscalls), runc, conmon,
				new ContainerStore(settings.containersDir(), json, events), bundles, networking, volumes,
				bindPrefixes.paths());
	}

	@Bean
	BindPrefixes bindPrefixes(@Value("${bulkhead.volumes.bind-prefixes:}") List<String> prefixes) {
		return new BindPrefixes(
				prefixes.stream().filter((p) -> !p.isBlank()).map(RuntimeConfiguration::bindPrefix).toList());
	}

	/**
	 * An allowed prefix as its real path, so that a bind source (also resolved) is
	 * compared with what it really is.
	 */
	private static Path bindPrefix(String prefix) {
		Path path = Path.of(prefix.strip());
		if (!path.isAbsolute()) {
			throw new IllegalArgumentException(
					"bulkhead.volumes.bind-prefixes: '" + prefix + "' is not an absolute path");
		}
		try {
			return path.toRealPath();
		}
		catch (java.io.IOException ex) {
			log.warn("bulkhead.volumes.bind-prefixes: {} does not exist; nothing under it can be bind-mounted "
					+ "until it does", path);
			return path.normalize();
		}
	}

}
