package dev.bulkhead.backend.networks;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.networks.Network;

/**
 * The native networks API.
 */
@RestController
@RequestMapping("/api/v1/networks")
@Tag(name = "networks", description = "Create, list, inspect and remove bridge networks")
class NetworksApiController {

	private final NetworkService networks;

	NetworksApiController(NetworkService networks) {
		this.networks = networks;
	}

	@GetMapping
	@Operation(summary = "List networks")
	List<NetworkView> list() {
		return this.networks.list().stream().map(this::view).toList();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a bridge network owned by a team",
			description = "Needs the developer role in the owning team ('team', or the caller's only team). "
					+ "Containers on it resolve each other's names through its DNS server on the gateway.")
	NetworkView create(@RequestBody CreateNetworkRequest request) {
		return view(this.networks.create(request.name(), request.subnet(), request.gateway(), request.mtu(),
				Boolean.TRUE.equals(request.internal()), request.team()));
	}

	@GetMapping("/{name}")
	@Operation(summary = "Inspect a network and the containers attached to it")
	NetworkView inspect(@PathVariable String name) {
		return view(this.networks.get(name));
	}

	@DeleteMapping("/{name}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Remove a network that no container uses, with its bridge")
	void remove(@PathVariable String name) {
		this.networks.remove(name);
	}

	@PostMapping("/{name}/connect")
	@Operation(summary = "Connect a running container to the network",
			description = "Adds an interface (eth1, eth2...) on this network to a running container of yours; on a "
					+ "user-defined network it answers to its name and the given aliases there. The connection "
					+ "lasts until the container exits or is disconnected. Needs the developer role in the "
					+ "container's team.")
	NetworkView connect(@PathVariable String name, @RequestBody ConnectRequest request) {
		this.networks.connect(name, request.container(), request.aliases());
		return view(this.networks.get(name));
	}

	@PostMapping("/{name}/disconnect")
	@Operation(summary = "Disconnect a container from the network",
			description = "Removes the interface a connect added; the network a container was created on cannot be "
					+ "disconnected.")
	NetworkView disconnect(@PathVariable String name, @RequestBody ConnectRequest request) {
		this.networks.disconnect(name, request.container());
		return view(this.networks.get(name));
	}

	private NetworkView view(Network n) {
		List<NetworkView.Member> members = this.networks.containersOn(n.name())
			.stream()
			.map((c) -> member(c, n.name()))
			.toList();
		return new NetworkView(n.name(), n.bridge(), n.subnet(), n.gateway(), n.mtu(), n.internal(), n.created(),
				members, n.team());
	}

	private static NetworkView.Member member(Container c, String network) {
		var attachment = NetworkService.attachment(c, network);
		return new NetworkView.Member(c.id(), c.name(), attachment.map((a) -> a.ipAddress()).orElse(null),
				attachment.map((a) -> a.macAddress()).orElse(null));
	}

	record ConnectRequest(String container, List<String> aliases) {
	}

	/**
	 * @param team the owning team; may be left out by a member of exactly one team
	 */
	record CreateNetworkRequest(String name, String subnet, String gateway, Integer mtu, Boolean internal,
			String team) {
	}

	record NetworkView(String name, String bridge, String subnet, String gateway, int mtu, boolean internal,
			Instant created, List<Member> containers, String team) {

		record Member(String id, String name, String ipAddress, String macAddress) {
		}

	}

}
