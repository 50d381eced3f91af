package dev.bulkhead.runtime.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.networks.ContainerNetworking;
import dev.bulkhead.runtime.networks.NetworkAttachment;

/**
 * Connections of containers to more networks, made and undone under the container's lock.
 * The record keeps each connection until a user disconnects it: its attachment while the
 * container runs (released with its network when it exits), and the network with its
 * aliases always, so that {@link ContainerLauncher} connects it again, in order, at each
 * start.
 */
final class NetworkConnections {

	private final ContainerStore store;

	private final ContainerNetworking networking;

	private final Function<String, Object> locks;

	NetworkConnections(ContainerStore store, ContainerNetworking networking, Function<String, Object> locks) {
		this.store = store;
		this.networking = networking;
		this.locks = locks;
	}

	/**
	 * The names a container answers to in its networks' DNS: name and short id, and its
	 * aliases.
	 */
	static List<String> dnsNames(Container container) {
		List<String> names = new ArrayList<>(List.of(container.name(), container.shortId()));
		names.addAll(container.config().networkAliases());
		return names;
	}

	/** Connects a running container to one more network. */
	Container connect(String idOrName, String network, List<String> aliases) {
		Container container = this.store.get(idOrName);
		synchronized (this.locks.apply(container.id())) {
			Container current = this.store.get(container.id());
			if (!current.isRunning()) {
				throw new ConflictException("container '" + current.name() + "' is " + current.state().wireName()
						+ "; only a running container can be connected to a network");
			}
			NetworkAttachment made = this.networking.connect(current.id(), dnsNames(current),
					current.config().networkMode(), network, (aliases != null) ? aliases : List.of(),
					current.connections());
			List<NetworkAttachment> all = new ArrayList<>(current.connections());
			all.add(made);
			List<NetworkConnection> kept = new ArrayList<>(current.connectedNetworks());
			kept.add(new NetworkConnection(made.network(), made.aliases()));
			Container updated = current.withConnections(all, kept);
			try {
				this.store.save(updated);
			}
			catch (RuntimeException ex) {
				this.networking.disconnect(current.id(), made);
				throw ex;
			}
			this.store.events().network(updated, "connect", network);
			return updated;
		}
	}

	/**
	 * Disconnects a container from a network it was connected to: a running one at once,
	 * and it is not connected again at its next start.
	 */
	Container disconnect(String idOrName, String network) {
		Container container = this.store.get(idOrName);
		synchronized (this.locks.apply(container.id())) {
			Container current = this.store.get(container.id());
			boolean kept = current.connectedNetworks().stream().anyMatch((c) -> c.network().equals(network));
			Optional<NetworkAttachment> connection = current.connections()
				.stream()
				.filter((c) -> c.network().equals(network))
				.findFirst();
			if (!kept && connection.isEmpty()) {
				throw new ConflictException(current.config().networkMode().equals(network)
						? "network '" + network + "' is the one container '" + current.name()
								+ "' was created on; it cannot be disconnected from it"
						: "container '" + current.name() + "' is not connected to network '" + network + "'");
			}
			connection.ifPresent((attached) -> this.networking.disconnect(current.id(), attached));
			Container updated = current.withConnections(
					current.connections().stream().filter((c) -> !c.network().equals(network)).toList(),
					current.connectedNetworks().stream().filter((c) -> !c.network().equals(network)).toList());
			this.store.save(updated);
			this.store.events().network(updated, "disconnect", network);
			return updated;
		}
	}

}
