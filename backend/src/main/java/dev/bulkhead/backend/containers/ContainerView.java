package dev.bulkhead.backend.containers;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.EffectiveSecurity;
import dev.bulkhead.runtime.containers.LifecycleStatus;
import dev.bulkhead.runtime.containers.MountSpec;
import dev.bulkhead.runtime.containers.NetworkConnection;
import dev.bulkhead.runtime.networks.NetworkAttachment;
import dev.bulkhead.runtime.networks.PortMapping;

/**
 * A container as the native API shows it; {@code restartCount} counts the restarts its
 * policy made since a user last started it, {@code health} is present while a container
 * with a health check runs, and {@code lifecycle} holds the restart policy, health check
 * and init it was created with. {@code memoryLimitBytes} and {@code memoryPeakBytes} are
 * those of its last exit (the evidence beside {@code oomKilled}). {@code networks} are
 * its attachments while it runs; {@code connectedNetworks} the networks a user connected
 * it to, which every start connects again (present while it is stopped too).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ContainerView(String id, String name, String image, String imageId, String state, Instant created,
		Instant started, Instant finished, Integer exitCode, boolean oomKilled, boolean killedAfterStopTimeout,
		Integer pid, List<String> command, Map<String, String> env, Map<String, String> labels,
		EffectiveSecurity security, String error, String network, List<PortMapping> ports,
		NetworkAttachment networkSettings, int restartCount, LifecycleStatus.Health health,
		ContainerConfig.Lifecycle lifecycle, List<MountSpec> mounts, List<String> warnings, Long memoryLimitBytes,
		Long memoryPeakBytes, List<String> networkAliases, List<NetworkAttachment> networks,
		List<NetworkConnection> connectedNetworks) {

	static ContainerView of(Container c) {
		return new ContainerView(c.id(), c.name(), c.image(), c.imageId(), c.state().wireName(), c.created(),
				c.started(), c.finished(), c.exitCode(), c.oomKilled(), c.killedAfterStopTimeout(), c.pid(),
				c.config().command(), c.config().env(), c.config().labels(), c.security(), c.error(),
				c.config().networkMode(), (c.network() != null) ? c.network().ports() : c.config().ports(), c.network(),
				c.lifecycle().restartCount(), c.lifecycle().health(), c.config().lifecycle(), c.config().mounts(),
				c.warnings(), (c.memoryAtExit() != null) ? c.memoryAtExit().limitBytes() : null,
				(c.memoryAtExit() != null) ? c.memoryAtExit().peakBytes() : null, c.config().networkAliases(),
				allNetworks(c), c.connectedNetworks());
	}

	/**
	 * Every network the running container is on: the one it started on, then connections.
	 */
	private static List<NetworkAttachment> allNetworks(Container c) {
		List<NetworkAttachment> all = new java.util.ArrayList<>();
		if (c.network() != null) {
			all.add(c.network());
		}
		all.addAll(c.connections());
		return all;
	}

}
