package dev.bulkhead.backend.networks;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.teams.Team;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerManager;
import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.networks.ContainerNetworking;
import dev.bulkhead.runtime.networks.Network;
import dev.bulkhead.runtime.networks.NetworkAttachment;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.networks.NetworkSpec;

/**
 * Networks for every entry point. A network belongs to a team (its members see it, its
 * developers remove it and attach the team's containers) or is shared by all (the default
 * network; only administrators change it). Another team's network does not exist for the
 * caller: 404, and it is left out of lists. A network is removed only when no container
 * (running or not) names it or is connected to it.
 */
@Service
public class NetworkService {

	private static final String NOT_VISIBLE = "no network named '%s' among the networks you can see; "
			+ "list them with GET /api/v1/networks";

	private final NetworkDriver driver;

	private final ContainerManager containers;

	private final TeamAccess access;

	private final ContainerNetworking networking;

	NetworkService(NetworkDriver driver, ContainerManager containers, TeamAccess access,
			ContainerNetworking networking) {
		this.networking = networking;
		this.driver = driver;
		this.containers = containers;
		this.access = access;
	}

	public List<Network> list() {
		return this.driver.list().stream().filter((n) -> this.access.canSeeNetwork(n.team())).toList();
	}

	/**
	 * A network the caller may see; another team's is answered as one that does not
	 * exist.
	 */
	public Network get(String name) {
		if (this.access.isAdmin()) {
			return this.driver.get(name);
		}
		Network network;
		try {
			network = this.driver.get(name);
		}
		catch (NotFoundException ex) {
			throw TeamAccess.refused(new NotFoundException(NOT_VISIBLE.formatted(name)));
		}
		if (!this.access.canSeeNetwork(network.team())) {
			throw TeamAccess.refused(new NotFoundException(NOT_VISIBLE.formatted(name)));
		}
		return network;
	}

	/**
	 * Creates a network owned by the named team (or the caller's only team); the caller's
	 * role there is checked before the request's values are looked at.
	 */
	public Network create(String name, String subnet, String gateway, Integer mtu, boolean internal, String team) {
		Team owner = this.access.teamForNewNetwork(team);
		return this.driver.create(new NetworkSpec(name, subnet, gateway, mtu, internal, owner.name()));
	}

	/**
	 * Checks that a container of team {@code owner} may join the network a create request
	 * names (none named: the shared default network).
	 */
	public void requireUsableBy(String networkMode, Team owner) {
		if (networkMode == null || networkMode.isBlank() || !ContainerNetworking.isBridge(networkMode)
				|| networkMode.equals(NetworkDriver.DEFAULT_NETWORK)) {
			return;
		}
		requireUsableBy(get(networkMode), owner.name());
	}

	private static void requireUsableBy(Network network, String containerTeam) {
		if (network.team() != null && !network.team().equals(containerTeam)) {
			throw TeamAccess.refused(new ForbiddenException("network '"
					+ network.name() + "' belongs to team '" + network.team() + "'; " + ((containerTeam != null)
							? "containers of team '" + containerTeam + "'" : "a container without a team")
					+ " cannot join it"));
		}
	}

	/**
	 * The caller's containers that name the network, running or not, or are connected to
	 * it.
	 */
	public List<Container> containersOn(String name) {
		Predicate<String> visible = this.access.visibleContainers();
		return this.containers.list().stream().filter((c) -> uses(c, name) && visible.test(c.id())).toList();
	}

	/**
	 * Connects a running container to the network; the caller needs the developer role
	 * for the container, which is resolved before the network is looked at, and the
	 * network must be shared or the container's team's.
	 */
	public Container connect(String name, String container, List<String> aliases) {
		if (container == null || container.isBlank()) {
			throw new InvalidArgumentException("'container' is required: the name or id of a running container");
		}
		String id = this.access.configureContainer(container);
		Network network = get(name);
		requireUsableBy(network, this.access.teamOfContainer(id).orElse(null));
		return this.containers.connect(id, network.name(), aliases);
	}

	/** Disconnects a container from a network it was connected to. */
	public Container disconnect(String name, String container) {
		if (container == null || container.isBlank()) {
			throw new InvalidArgumentException("'container' is required: the name or id of a connected container");
		}
		String id = this.access.configureContainer(container);
		return this.containers.disconnect(id, get(name).name());
	}

	/** The container's attachment to the network while it runs, if any. */
	public static Optional<NetworkAttachment> attachment(Container c, String network) {
		if (c.network() != null && c.network().network().equals(network)) {
			return Optional.of(c.network());
		}
		return c.connections().stream().filter((a) -> a.network().equals(network)).findFirst();
	}

	private static boolean uses(Container c, String network) {
		// a stopped container's connection counts too: its next start connects it again
		return c.config().networkMode().equals(network)
				|| c.connections().stream().anyMatch((a) -> a.network().equals(network))
				|| c.connectedNetworks().stream().anyMatch((a) -> a.network().equals(network));
	}

	/**
	 * Removes a network no container names; containers of other teams count without being
	 * named.
	 */
	public void remove(String name) {
		Network network = get(name);
		this.access.requireNetworkChange(network.name(), network.team());
		long othersUsing = this.containers.list().stream().filter((c) -> uses(c, network.name())).count()
				- containersOn(network.name()).size();
		if (othersUsing > 0) {
			throw new ConflictException("network '" + name + "' is in use by " + othersUsing
					+ " container(s) of other teams; it cannot be removed while they exist");
		}
		List<Container> users = containersOn(network.name());
		if (!users.isEmpty()) {
			throw new ConflictException("network '" + name + "' is in use by container(s) "
					+ users.stream().map(Container::name).toList() + "; remove those containers first");
		}
		this.networking.removeNetwork(network.name());
	}

}
