package dev.bulkhead.runtime.networks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bulkhead.runtime.events.Event;
import dev.bulkhead.runtime.events.EventSink;

/**
 * A {@link NetworkDriver} that reports the networks it makes and removes as
 * {@code network} events ({@code create}, {@code destroy}) with the owning team. A
 * container's own attachment at start is part of its {@code start}; connects and
 * disconnects of a running container are reported by the container's parts.
 */
public final class EventingNetworkDriver implements NetworkDriver {

	private final NetworkDriver networks;

	private final EventSink events;

	public EventingNetworkDriver(NetworkDriver networks, EventSink events) {
		this.networks = networks;
		this.events = events;
	}

	@Override
	public Network create(NetworkSpec spec) {
		Network network = this.networks.create(spec);
		publish("create", network);
		return network;
	}

	@Override
	public List<Network> list() {
		return this.networks.list();
	}

	@Override
	public Network get(String name) {
		return this.networks.get(name);
	}

	@Override
	public void remove(String name) {
		Network network = this.networks.get(name);
		this.networks.remove(name);
		publish("destroy", network);
	}

	@Override
	public NetworkAttachment attach(String containerId, Path netns, String network, List<PortMapping> ports) {
		return this.networks.attach(containerId, netns, network, ports);
	}

	@Override
	public void detach(String containerId, Path netns, String network, List<PortMapping> ports) {
		this.networks.detach(containerId, netns, network, ports);
	}

	@Override
	public NetworkAttachment connect(String containerId, Path netns, String network, String ifName) {
		return this.networks.connect(containerId, netns, network, ifName);
	}

	@Override
	public void disconnect(String containerId, Path netns, String network, String ifName) {
		this.networks.disconnect(containerId, netns, network, ifName);
	}

	private void publish(String action, Network network) {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("name", network.name());
		attributes.put("type", "bridge");
		attributes.put("subnet", network.subnet());
		attributes.put("team", network.team());
		this.events.publish(Event.now(Event.NETWORK, action, network.name(), attributes));
	}

}
