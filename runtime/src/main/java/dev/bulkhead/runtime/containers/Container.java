package dev.bulkhead.runtime.containers;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.bulkhead.runtime.networks.NetworkAttachment;

/**
 * One container as Bulkhead records it in
 * {@code <data-root>/containers/<id>/container.json}.
 *
 * @param imageId the config digest of the image it was created from
 * @param exitCode the exit status (128 + signal when killed by a signal), null until it
 * exited
 * @param killedAfterStopTimeout the SIGKILL came from Bulkhead because a stop timed out
 * (so an exit of 137 is not an OOM kill)
 * @param error the last start failure, in words, or null
 * @param network the network attachment while running on a bridge (address, gateway, MAC,
 * published ports with random host ports resolved), else null
 * @param lifecycle restarts made by the restart policy, whether a user stopped it, and
 * its health while it runs
 * @param warnings what Bulkhead noticed at create that may make the container fail (a
 * mount its user cannot write), in words
 * @param memoryAtExit the memory limit and peak usage read when the process ended, null
 * while it runs or where they could not be read
 * @param connections networks connected while it runs, as attached (released when it
 * exits)
 * @param connectedNetworks the networks a user connected it to, kept while it is stopped
 * and connected again, in this order, at each start
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Container(String id, String name, String image, String imageId, ContainerConfig config,
		ContainerState state, Instant created, Instant started, Instant finished, Integer exitCode, boolean oomKilled,
		boolean killedAfterStopTimeout, Integer pid, EffectiveSecurity security, String error,
		NetworkAttachment network, LifecycleStatus lifecycle, List<String> warnings, MemoryAtExit memoryAtExit,
		List<NetworkAttachment> connections, List<NetworkConnection> connectedNetworks) {

	public Container {
		lifecycle = (lifecycle != null) ? lifecycle : LifecycleStatus.NEW;
		warnings = (warnings != null) ? List.copyOf(warnings) : List.of();
		connections = (connections != null) ? List.copyOf(connections) : List.of();
		if (connectedNetworks == null || (connectedNetworks.isEmpty() && !connections.isEmpty())) {
			// records from before connections were kept across restarts: what it is
			// connected to now is what it should be connected to
			connectedNetworks = connections.stream()
				.map((c) -> new NetworkConnection(c.network(), c.aliases()))
				.toList();
		}
		connectedNetworks = List.copyOf(connectedNetworks);
	}

	/** Without networks connected to it after its creation. */
	public Container(String id, String name, String image, String imageId, ContainerConfig config, ContainerState state,
			Instant created, Instant started, Instant finished, Integer exitCode, boolean oomKilled,
			boolean killedAfterStopTimeout, Integer pid, EffectiveSecurity security, String error,
			NetworkAttachment network, LifecycleStatus lifecycle, List<String> warnings, MemoryAtExit memoryAtExit,
			List<NetworkAttachment> connections) {
		this(id, name, image, imageId, config, state, created, started, finished, exitCode, oomKilled,
				killedAfterStopTimeout, pid, security, error, network, lifecycle, warnings, memoryAtExit, connections,
				null);
	}

	/**
	 * Without lifecycle status (never restarted, no health yet), warnings, exit figures
	 * and connected networks.
	 */
	public Container(String id, String name, String image, String imageId, ContainerConfig config, ContainerState state,
			Instant created, Instant started, Instant finished, Integer exitCode, boolean oomKilled,
			boolean killedAfterStopTimeout, Integer pid, EffectiveSecurity security, String error,
			NetworkAttachment network) {
		this(id, name, image, imageId, config, state, created, started, finished, exitCode, oomKilled,
				killedAfterStopTimeout, pid, security, error, network, null, null, null, null);
	}

	/** Without a network attachment (a container that is not running on a bridge). */
	public Container(String id, String name, String image, String imageId, ContainerConfig config, ContainerState state,
			Instant created, Instant started, Instant finished, Integer exitCode, boolean oomKilled,
			boolean killedAfterStopTimeout, Integer pid, EffectiveSecurity security, String error) {
		this(id, name, image, imageId, config, state, created, started, finished, exitCode, oomKilled,
				killedAfterStopTimeout, pid, security, error, null);
	}

	public String shortId() {
		return this.id.substring(0, 12);
	}

	public boolean isRunning() {
		return this.state == ContainerState.RUNNING || this.state == ContainerState.PAUSED;
	}

	/**
	 * Whether its process has exited and its restart policy will start it again after the
	 * back-off.
	 */
	public boolean isRestarting() {
		return this.state == ContainerState.RESTARTING;
	}

	Container withState(ContainerState state) {
		return new Container(this.id, this.name, this.image, this.imageId, this.config, state, this.created,
				this.started, this.finished, this.exitCode, this.oomKilled, this.killedAfterStopTimeout, this.pid,
				this.security, this.error, this.network, this.lifecycle, this.warnings, this.memoryAtExit,
				this.connections, this.connectedNetworks);
	}

	/** With the networks connected while it runs. */
	Container withConnections(List<NetworkAttachment> connections) {
		return new Container(this.id, this.name, this.image, this.imageId, this.config, this.state, this.created,
				this.started, this.finished, this.exitCode, this.oomKilled, this.killedAfterStopTimeout, this.pid,
				this.security, this.error, this.network, this.lifecycle, this.warnings, this.memoryAtExit, connections,
				this.connectedNetworks);
	}

	/** With the networks it is connected to, and those that it should be connected to. */
	Container withConnections(List<NetworkAttachment> connections, List<NetworkConnection> connectedNetworks) {
		return new Container(this.id, this.name, this.image, this.imageId, this.config, this.state, this.created,
				this.started, this.finished, this.exitCode, this.oomKilled, this.killedAfterStopTimeout, this.pid,
				this.security, this.error, this.network, this.lifecycle, this.warnings, this.memoryAtExit, connections,
				connectedNetworks);
	}

	/**
	 * Running, with its attachment to the network it was created on and those to the
	 * networks connected again at this start.
	 */
	Container started(int pid, Instant at, EffectiveSecurity security, NetworkAttachment network,
			List<NetworkAttachment> connections, boolean hasHealthcheck) {
		return new Container(this.id, this.name, this.image, this.imageId, this.config, ContainerState.RUNNING,
				this.created, at, null, null, false, false, pid, security, null, network,
				this.lifecycle.started(hasHealthcheck), this.warnings, null, connections, this.connectedNetworks);
	}

	Container exited(int exitCode, boolean oomKilled, Instant at) {
		return new Container(this.id, this.name, this.image, this.imageId, this.config, ContainerState.EXITED,
				this.created, this.started, at, exitCode, oomKilled, this.killedAfterStopTimeout, null, this.security,
				this.error, null, this.lifecycle.exited(), this.warnings, null, List.of(), this.connectedNetworks);
	}

	Container stopTimedOut() {
		return new Container(this.id, this.name, this.image, this.imageId, this.config, this.state, this.created,
				this.started, this.finished, this.exitCode, this.oomKilled, true, this.pid, this.security, this.error,
				this.network, this.lifecycle, this.warnings, this.memoryAtExit, this.connections,
				this.connectedNetworks);
	}

	Container failed(String error) {
		return new Container(this.id, this.name, this.image, this.imageId, this.config, this.state, this.created,
				this.started, this.finished, this.exitCode, this.oomKilled, this.killedAfterStopTimeout, null,
				this.security, error, null, this.lifecycle.exited(), this.warnings, this.memoryAtExit, List.of(),
				this.connectedNetworks);
	}

	Container withLifecycle(LifecycleStatus lifecycle) {
		return new Container(this.id, this.name, this.image, this.imageId, this.config, this.state, this.created,
				this.started, this.finished, this.exitCode, this.oomKilled, this.killedAfterStopTimeout, this.pid,
				this.security, this.error, this.network, lifecycle, this.warnings, this.memoryAtExit, this.connections,
				this.connectedNetworks);
	}

	Container renamed(String name) {
		return new Container(this.id, name, this.image, this.imageId, this.config.withName(name), this.state,
				this.created, this.started, this.finished, this.exitCode, this.oomKilled, this.killedAfterStopTimeout,
				this.pid, this.security, this.error, this.network, this.lifecycle, this.warnings, this.memoryAtExit,
				this.connections, this.connectedNetworks);
	}

	Container withMemoryAtExit(MemoryAtExit memory) {
		return new Container(this.id, this.name, this.image, this.imageId, this.config, this.state, this.created,
				this.started, this.finished, this.exitCode, this.oomKilled, this.killedAfterStopTimeout, this.pid,
				this.security, this.error, this.network, this.lifecycle, this.warnings, memory, this.connections,
				this.connectedNetworks);
	}

}
