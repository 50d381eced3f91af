package dev.bulkhead.backend.networks;

import java.util.List;

import org.springframework.stereotype.Service;

import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerManager;
import dev.bulkhead.runtime.errors.ConflictException;
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

	NetworkService(NetworkDriver driver, ContainerManager containers) {
		this.driver = driver;
		this.containers = containers;
	}

	public List<Network> list() {
		return this.driver.list();
	}

	public Network get(String name) {
		return this.driver.get(name);
	}

	public Network create(NetworkSpec spec) {
		return this.driver.create(spec);
	}

	/** The containers that name the network, running or not. */
	public List<Container> containersOn(String name) {
		return this.containers.list().stream().filter((c) -> c.config().networkMode().equals(name)).toList();
	}

	public void remove(String name) {
		Network network = this.driver.get(name);
		List<Container> users = containersOn(network.name());
		if (!users.isEmpty()) {
			throw new ConflictException("network '" + name + "' is in use by container(s) "
					+ users.stream().map(Container::name).toList() + "; remove those containers first");
		}
		this.driver.remove(network.name());
	}

}
