package dev.bulkhead.runtime.networks;

import java.nio.file.Path;
import java.util.List;

/**
 * Networks and the attachment of containers to them. A network lives from {@link #create}
 * to {@link #remove}; an attachment lives from {@link #attach} (after the OCI runtime
 * created the container in its namespace, before it starts) to {@link #detach} (after the
 * container exited).
 */
public interface NetworkDriver {

	/** The network containers join when they name none. */
	String DEFAULT_NETWORK = "bulkhead";

	/** The network mode that keeps a container to its loopback interface. */
	String NONE = "none";

	/** The network mode that shares the host's network namespace. */
	String HOST = "host";

	/** The prefix of the mode that joins another container's network namespace. */
	String CONTAINER_PREFIX = "container:";

	Network create(NetworkSpec spec);

	List<Network> list();

	/** The network of that name; the default network is created on first use. */
	Network get(String name);

	/** Removes the network, its bridge and its address leases. */
	void remove(String name);

	/**
	 * Connects the namespace to the network and publishes the ports (host port 0 must
	 * already be resolved).
	 */
	NetworkAttachment attach(String containerId, Path netns, String network, List<PortMapping> ports);

	/** Undoes {@link #attach}; safe to call when it did not happen or half happened. */
	void detach(String containerId, Path netns, String network, List<PortMapping> ports);

	/**
	 * Adds an interface {@code ifName} on another network to a running container's
	 * namespace (no published ports).
	 */
	NetworkAttachment connect(String containerId, Path netns, String network, String ifName);

	/** Undoes {@link #connect}; safe to call when it did not happen or half happened. */
	void disconnect(String containerId, Path netns, String network, String ifName);

}
