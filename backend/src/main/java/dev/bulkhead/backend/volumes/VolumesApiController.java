package dev.bulkhead.backend.volumes;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.runtime.containers.ContainerVolumes;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * The native volumes API.
 */
@RestController
@RequestMapping("/api/v1/volumes")
@Tag(name = "volumes", description = "Create, list, inspect, remove and prune named volumes owned by teams")
class VolumesApiController {

	private final VolumeService volumes;

	VolumesApiController(VolumeService volumes) {
		this.volumes = volumes;
	}

	@GetMapping
	@Operation(summary = "List the volumes of your teams, with their sizes and the containers that mount them")
	List<VolumeView> list() {
		return this.volumes.list().stream().map((v) -> VolumeView.of(v, this.volumes)).toList();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create an empty named volume owned by a team",
			description = "A name that exists already is a 409. The volume is filled with an image's content the "
					+ "first time a container mounts it over a directory of its image.")
	VolumeView create(@RequestBody CreateVolumeRequest request) {
		if (request == null || request.name() == null || request.name().isBlank()) {
			throw new InvalidArgumentException("'name' is required: the volume's name");
		}
		return VolumeView.of(this.volumes.create(request.name(), request.labels(), request.team()), this.volumes);
	}

	@GetMapping("/{name}")
	@Operation(summary = "Inspect a volume: mountpoint, size in bytes, the containers that mount it")
	VolumeView inspect(@PathVariable String name) {
		return VolumeView.of(this.volumes.get(name), this.volumes);
	}

	@DeleteMapping("/{name}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Remove a volume and its data",
			description = "Refused (409) while any container, running or not, mounts it; force=true removes it "
					+ "from under stopped containers, never from under a running one.")
	void remove(@PathVariable String name, @RequestParam(defaultValue = "false") boolean force) {
		this.volumes.remove(name, force);
	}

	@PostMapping("/prune")
	@Operation(summary = "Remove unused volumes of the teams where you are a developer",
			description = "Anonymous volumes only, unless all=true, which removes unused named volumes too.")
	ContainerVolumes.Pruned prune(@RequestParam(defaultValue = "false") boolean all) {
		return this.volumes.prune(all);
	}

	record CreateVolumeRequest(String name, Map<String, String> labels, String team) {
	}

}
