package dev.bulkhead.backend.runtime;

import java.nio.file.Path;

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
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.images.LocalImageStore;
import dev.bulkhead.runtime.networks.CniNetworkDriver;
import dev.bulkhead.runtime.networks.CniPlugins;
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
		return locator.locate(configured).orElseGet(() -> {
			log.warn("'{}' was not found: containers cannot start until it is installed (apt-get install {}) "
					+ "or {} points at it", configured, pkg, property);
			return Path.of(configured);
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

	@Bean
	ImageStore imageStore(RuntimeSettings settings, ContentStore content, Snapshotter snapshotter, Syscalls syscalls) {
		return new LocalImageStore(settings.dataRoot(), content, snapshotter, syscalls);
	}

	@Bean
	NetworkDriver networkDriver(RuntimeSettings settings, BulkheadProperties properties,
			@Value("${bulkhead.networks.default-subnet:10.213.0.0/16}") String defaultSubnet) {
		JsonMapper json = JsonMapper.builder().findAndAddModules().build();
		return new CniNetworkDriver(settings.dataRoot(), settings.runRoot(), defaultSubnet,
				new CniPlugins(properties.cni().pluginDir(), json), new CommandRunner(), json,
				Path.of("/proc/net/route"));
	}

	@Bean(destroyMethod = "close")
	ContainerNetworking containerNetworking(RuntimeSettings settings, NetworkDriver networks, Syscalls syscalls) {
		return new ContainerNetworking(networks,
				new NetworkNamespaces(settings.runRoot().resolve("netns"), syscalls, new CommandRunner()),
				new PortConflictDetector(Path.of("/proc")), new EmbeddedDns(53, UpstreamResolvers.ofHost()),
				ResolvConf.ofHost());
	}

	@Bean(destroyMethod = "close")
	ContainerManager containerManager(RuntimeSettings settings, ImageStore images, Snapshotter snapshotter,
			Syscalls syscalls, ContainerNetworking networking) {
		JsonMapper json = JsonMapper.builder().findAndAddModules().build();
		RuncClient runc = new RuncClient(settings.runc(), settings.runcRoot(), new CommandRunner(), json);
		ConmonClient conmon = new ConmonClient(settings.conmon(), runc, json);
		BundleWriter bundles = new BundleWriter(settings, json, HostFacts.nofileHardLimit(Path.of("/proc/self/limits")),
				HostFacts.swapAccounting(Path.of("/sys/fs/cgroup")));
		return new ContainerManager(settings, images, snapshotter, new Mounter(syscalls), runc, conmon,
				new ContainerStore(settings.containersDir(), json), bundles, networking);
	}

}
