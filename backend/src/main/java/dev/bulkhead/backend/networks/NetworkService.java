package dev.bulkhead.backend.networks;

import java.util.List;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerManager;
import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.networks.NetworkAttachment;
import dev.bulkhead.runtime.networks.ContainerNetworking;
import dev.bulkhead.runtime.networks.Network;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.networks.NetworkSpec;

/**
 * Networks for every entry point; a network is removed only when no container (running or
 * not) names it.
 */
@Service
public class NetworkService {

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
		return this.driver.list();
	}

	public Network get(String name) {
		return this.driver.get(name);
	}

	/**
	 * Checks the caller may create networks before the request's values are looked at.
	 */
	public Network create(String name, String subnet, String gateway, Integer mtu, boolean internal) {
		this.access.requireSharedResourceChange("creating a network");
		return this.driver.create(new NetworkSpec(name, subnet, gateway, mtu, internal));
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
	 * for the container, which is resolved before the network is looked at.
	 */
	public Container connect(String name, String container, List<String> aliases) {
		if (container == null || container.isBlank()) {
			throw new InvalidArgumentException("'container' is required: the name or id of a running container");
		}
		String id = this.access.configureContainer(container);
		return this.containers.connect(id, this.driver.get(name).name(), aliases);
	}

	/** Disconnects a container from a network it was connected to. */
	public Container disconnect(String name, String container) {
		if (container == null || container.isBlank()) {
			throw new InvalidArgumentException("'container' is required: the name or id of a connected container");
		}
		String id = this.access.configureContainer(container);
		return this.containers.disconnect(id, this.driver.get(name).name());
	}

	/** The container's attachment to the network while it runs, if any. */
	public static java.util.Optional<NetworkAttachment> attachment(Container c, String network) {
		if (c.network() != null && c.network().network().equals(network)) {
			return java.util.Optional.of(c.network());
		}
		return c.connections().stream().filter((a) -> a.network().equals(network)).findFirst();
	}

	private static boolean uses(Container c, String network) {
		return c.config().networkMode().equals(network)
				|| c.connections().stream().anyMatch((a) -> a.network().equals(network));
	}

	/**
	 * Removes a network no container names; containers of other teams count without being
	 * named.
	 */
	public void remove(String name) {
		this.access.requireSharedResourceChange("removing a network");
		Network network = this.driver.get(name);
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
