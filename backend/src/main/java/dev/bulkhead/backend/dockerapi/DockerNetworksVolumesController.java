package dev.bulkhead.backend.dockerapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.backend.networks.NetworkService;
import dev.bulkhead.backend.volumes.VolumeService;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.networks.Network;
import dev.bulkhead.runtime.volumes.Volume;

/**
 * Docker's network and volume endpoints (list, create, inspect, remove) on the same
 * services as the native API: team ownership, quotas and the admin-only shared network
 * apply unchanged.
 */
@RestController
@RequestMapping(DockerApiVersion.PREFIX)
@Tag(name = "docker")
class DockerNetworksVolumesController {

	private static final String MTU_OPTION = "com.docker.network.driver.mtu";

	private final NetworkService networks;

	private final VolumeService volumes;

	DockerNetworksVolumesController(NetworkService networks, VolumeService volumes) {
		this.networks = networks;
		this.volumes = volumes;
	}

	@GetMapping("/networks")
	@Operation(summary = "Docker: list networks")
	List<Map<String, Object>> networks() {
		return this.networks.list().stream().map((n) -> network(n, null)).toList();
	}

	@GetMapping("/networks/{name}")
	@Operation(summary = "Docker: inspect a network")
	Map<String, Object> network(@PathVariable String name) {
		return network(this.networks.get(name), this.networks.containersOn(name));
	}

	@PostMapping("/networks/create")
	@Operation(summary = "Docker: create a bridge network owned by the caller's team")
	ResponseEntity<Map<String, Object>> createNetwork(@RequestBody JsonNode body) {
		String name = DockerContainerCreate.text(body, "Name");
		if (name == null) {
			throw new InvalidArgumentException("\"Name\" is required: the network's name");
		}
		String driver = DockerContainerCreate.text(body, "Driver");
		if (driver != null && !driver.equals("bridge")) {
			throw new InvalidArgumentException(
					"driver '" + driver + "' is not supported: Bulkhead makes bridge networks");
		}
		JsonNode ipam = body.path("IPAM").path("Config").path(0);
		String mtu = DockerContainerCreate.text(body.path("Options"), MTU_OPTION);
		Network created = this.networks.create(name, DockerContainerCreate.text(ipam, "Subnet"),
				DockerContainerCreate.text(ipam, "Gateway"), (mtu != null) ? Integer.valueOf(mtu) : null,
				body.path("Internal").asBoolean(false), null);
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("Id", created.name(), "Warning", ""));
	}

	@DeleteMapping("/networks/{name}")
	@Operation(summary = "Docker: remove a network")
	ResponseEntity<Void> removeNetwork(@PathVariable String name) {
		this.networks.remove(name);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/volumes")
	@Operation(summary = "Docker: list volumes")
	Map<String, Object> volumes() {
		return Map.of("Volumes", this.volumes.list().stream().map(this::volume).toList(), "Warnings", List.of());
	}

	@GetMapping("/volumes/{name}")
	@Operation(summary = "Docker: inspect a volume")
	Map<String, Object> volume(@PathVariable String name) {
		return volume(this.volumes.get(name));
	}

	@PostMapping("/volumes/create")
	@Operation(summary = "Docker: create a volume owned by the caller's team")
	ResponseEntity<Map<String, Object>> createVolume(@RequestBody JsonNode body) {
		String driver = DockerContainerCreate.text(body, "Driver");
		if (driver != null && !driver.equals(Volume.LOCAL_DRIVER)) {
			throw new InvalidArgumentException("driver '" + driver + "' is not supported: Bulkhead has local volumes");
		}
		Map<String, String> labels = new LinkedHashMap<>();
		body.path("Labels").properties().forEach((e) -> labels.put(e.getKey(), e.getValue().asString("")));
		Volume created = this.volumes.create(DockerContainerCreate.text(body, "Name"), labels, null);
		return ResponseEntity.status(HttpStatus.CREATED).body(volume(created));
	}

	@DeleteMapping("/volumes/{name}")
	@Operation(summary = "Docker: remove a volume")
	ResponseEntity<Void> removeVolume(@PathVariable String name, @RequestParam(defaultValue = "false") String force) {
		this.volumes.remove(name, DockerFilters.truthy(force));
		return ResponseEntity.noContent().build();
	}

	private static Map<String, Object> network(Network n, List<Container> attached) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Name", n.name());
		body.put("Id", n.name());
		body.put("Created", (n.created() != null) ? n.created().toString() : DockerContainerJson.ZERO_TIME);
		body.put("Scope", "local");
		body.put("Driver", "bridge");
		body.put("EnableIPv6", false);
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("Subnet", n.subnet());
		if (n.gateway() != null) {
			config.put("Gateway", n.gateway());
		}
		body.put("IPAM", Map.of("Driver", "default", "Config", List.of(config)));
		body.put("Internal", n.internal());
		body.put("Attachable", true);
		body.put("Options", Map.of("com.docker.network.bridge.name", String.valueOf(n.bridge()), MTU_OPTION,
				Integer.toString(n.mtu())));
		body.put("Labels", (n.team() != null) ? Map.of("dev.bulkhead.team", n.team()) : Map.of());
		if (attached != null) {
			Map<String, Object> containers = new LinkedHashMap<>();
			for (Container c : attached) {
				NetworkService.attachment(c, n.name())
					.ifPresent((a) -> containers.put(c.id(),
							Map.of("Name", c.name(), "IPv4Address", a.ipAddress() + "/" + a.prefixLength(),
									"MacAddress", (a.macAddress() != null) ? a.macAddress() : "")));
			}
			body.put("Containers", containers);
		}
		return body;
	}

	private Map<String, Object> volume(Volume v) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Name", v.name());
		body.put("Driver", v.driver());
		body.put("Mountpoint", this.volumes.mountpoint(v));
		body.put("CreatedAt", (v.created() != null) ? v.created().toString() : DockerContainerJson.ZERO_TIME);
		body.put("Labels", v.labels());
		body.put("Scope", "local");
		body.put("Options", Map.of());
		return body;
	}

}
