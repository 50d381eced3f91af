package dev.bulkhead.backend.diskusage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/system/df}. */
@RestController
@RequestMapping("/api/v1/system")
@Tag(name = "system", description = "The host and what the platform holds on it")
class DiskUsageApiController {

	private final DiskUsageService diskUsage;

	DiskUsageApiController(DiskUsageService diskUsage) {
		this.diskUsage = diskUsage;
	}

	@GetMapping("/df")
	@Operation(summary = "Disk use of images, containers and volumes, like 'docker system df -v'",
			description = "images: totalBytes (blobs plus unpacked layers, shared ones counted once), uniqueBytes, "
					+ "sharedBytes, reclaimableBytes (what POST /api/v1/images/prune?all=true frees), "
					+ "danglingReclaimableBytes (what a plain prune frees) and each image; containers: the bytes "
					+ "in each writable layer of the containers you can see; volumes: each volume.")
	DiskUsage df() {
		return this.diskUsage.diskUsage();
	}

}
