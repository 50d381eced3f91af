package dev.bulkhead.backend.dockerapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.backend.images.ImageService;
import dev.bulkhead.runtime.errors.BulkheadException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.images.ArchiveFormat;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageDetail;
import dev.bulkhead.runtime.images.ImageRemoval;
import dev.bulkhead.runtime.registry.ImagePuller;
import dev.bulkhead.runtime.registry.PullProgress;

/**
 * Docker's image endpoints on {@link ImageService}: list, inspect, pull (with Docker's
 * JSON progress messages), tag, remove, load and save. Image names may hold slashes and a
 * registry's port ({@code 127.0.0.1:5000/team/app}), so the endpoints that take a name
 * read the rest of the path and split off the action at its end, as dockerd does.
 */
@RestController
@RequestMapping(DockerApiVersion.PREFIX + "/images")
@Tag(name = "docker")
class DockerImagesController {

	private final ImageService images;

	private final JsonMapper json = JsonMapper.builder().build();

	DockerImagesController(ImageService images) {
		this.images = images;
	}

	@GetMapping("/json")
	@Operation(summary = "Docker: list images")
	List<Map<String, Object>> list() {
		Map<String, Long> used = this.images.containersPerImage();
		return this.images.list().stream().map((image) -> summary(image, used)).toList();
	}

	@GetMapping("/{*rest}")
	@Operation(summary = "Docker: inspect (/images/{name}/json) or save (/images/{name}/get) an image")
	Object read(@PathVariable String rest, HttpServletResponse response) throws IOException {
		if (rest.endsWith("/json")) {
			return inspect(this.images.inspect(name(rest, "/json")));
		}
		if (rest.endsWith("/get")) {
			String name = name(rest, "/get");
			this.images.prepareSave(name);
			response.setContentType("application/x-tar");
			this.images.save(name, ArchiveFormat.DOCKER_ARCHIVE, response.getOutputStream());
			return null;
		}
		throw new NotFoundException("no Docker API endpoint GET /images" + rest
				+ "; Bulkhead serves /images/{name}/json and /images/{name}/get");
	}

	@PostMapping("/create")
	@Operation(summary = "Docker: pull an image, streaming Docker's JSON progress messages")
	void pull(@RequestParam(required = false) String fromImage, @RequestParam(required = false) String tag,
			@RequestParam(required = false) String fromSrc, HttpServletResponse response) throws IOException {
		if (fromSrc != null) {
			throw new InvalidArgumentException("docker import (fromSrc) is not supported by Bulkhead's Docker API; "
					+ "use POST /api/v1/images/import");
		}
		if (fromImage == null || fromImage.isBlank()) {
			throw new InvalidArgumentException("fromImage is required: the image to pull");
		}
		String reference = fromImage;
		if (tag != null && !tag.isBlank()) {
			reference += tag.startsWith("sha256:") ? "@" + tag : ":" + tag;
		}
		// a bad reference, an unknown tag or no room answer with an error status, before
		// any progress is streamed
		ImagePuller.Plan plan = this.images.preparePull(reference);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("application/json");
		OutputStream out = response.getOutputStream();
		write(out, Map.of("status", "Pulling from " + plan.reference().repository(), "id",
				(plan.reference().tag() != null) ? plan.reference().tag() : "latest"));
		Set<String> announced = new HashSet<>();
		try {
			Image image = this.images.pull(plan, (progress) -> progress(out, progress, announced));
			write(out, Map.of("status", "Digest: " + plan.manifest().digest()));
			write(out, Map.of("status", "Status: Downloaded newer image for " + reference));
			if (image == null) {
				throw new IllegalStateException("the pull of " + reference + " returned no image");
			}
		}
		catch (BulkheadException ex) {
			write(out, Map.of("error", ex.getMessage(), "errorDetail", Map.of("message", ex.getMessage())));
		}
	}

	private void progress(OutputStream out, PullProgress progress, Set<String> announced) {
		if (!"layer".equals(progress.kind()) || progress.digest() == null) {
			return;
		}
		String hex = progress.digest().substring(progress.digest().indexOf(':') + 1);
		String id = hex.substring(0, Math.min(12, hex.length()));
		if (announced.add(id) && progress.state() != PullProgress.State.EXISTS) {
			write(out, Map.of("status", "Pulling fs layer", "progressDetail", Map.of(), "id", id));
		}
		switch (progress.state()) {
			case EXISTS -> write(out, Map.of("status", "Already exists", "progressDetail", Map.of(), "id", id));
			case DOWNLOADING -> write(out, Map.of("status", "Downloading", "progressDetail",
					Map.of("current", progress.bytesDone(), "total", progress.total()), "id", id));
			case DONE -> {
				write(out, Map.of("status", "Download complete", "progressDetail", Map.of(), "id", id));
				write(out, Map.of("status", "Pull complete", "progressDetail", Map.of(), "id", id));
			}
			default -> write(out, Map.of("status", "Waiting", "progressDetail", Map.of(), "id", id));
		}
	}

	private void write(OutputStream out, Map<String, Object> message) {
		try {
			out.write(this.json.writeValueAsBytes(message));
			out.write('\n');
			out.flush();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException("the client went away", ex);
		}
	}

	@PostMapping("/load")
	@Operation(summary = "Docker: load images from a docker save (or OCI layout) tar")
	void load(HttpServletRequest request, HttpServletResponse response) throws IOException {
		List<Image> loaded;
		try (InputStream body = request.getInputStream()) {
			loaded = this.images.load(body);
		}
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("application/json");
		for (Image image : loaded) {
			List<String> names = image.references().isEmpty() ? List.of(image.id().toString()) : image.references();
			for (String name : names) {
				write(response.getOutputStream(), Map.of("stream",
						(name.startsWith("sha256:") ? "Loaded image ID: " : "Loaded image: ") + name + "\n"));
			}
		}
	}

	@PostMapping("/{*rest}")
	@Operation(summary = "Docker: tag an image (/images/{name}/tag?repo=&tag=)")
	ResponseEntity<Void> tag(@PathVariable String rest, @RequestParam(required = false) String repo,
			@RequestParam(required = false) String tag) {
		if (!rest.endsWith("/tag")) {
			throw new NotFoundException("no Docker API endpoint POST /images" + rest);
		}
		if (repo == null || repo.isBlank()) {
			throw new InvalidArgumentException("repo is required: the name to give the image");
		}
		String target = repo + ((tag != null && !tag.isBlank()) ? ":" + tag : "");
		this.images.tag(name(rest, "/tag"), target);
		return ResponseEntity.status(HttpStatus.CREATED).build();
	}

	@DeleteMapping("/{*rest}")
	@Operation(summary = "Docker: remove an image or one of its names")
	List<Map<String, String>> remove(@PathVariable String rest, @RequestParam(defaultValue = "false") String force) {
		ImageRemoval removal = this.images.delete(rest.substring(1), DockerFilters.truthy(force));
		List<Map<String, String>> answer = new ArrayList<>();
		removal.untagged().forEach((name) -> answer.add(Map.of("Untagged", name)));
		removal.deleted().forEach((digest) -> answer.add(Map.of("Deleted", digest.toString())));
		return answer;
	}

	private static String name(String rest, String suffix) {
		String name = rest.substring(1, rest.length() - suffix.length());
		if (name.isBlank()) {
			throw new InvalidArgumentException("an image name is required before " + suffix);
		}
		return name;
	}

	private static Map<String, Object> summary(Image image, Map<String, Long> used) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Id", image.id().toString());
		body.put("ParentId", "");
		body.put("RepoTags", image.references().stream().filter((r) -> !r.contains("@")).toList());
		body.put("RepoDigests", image.references().stream().filter((r) -> r.contains("@")).toList());
		body.put("Created", (image.created() != null) ? image.created().getEpochSecond() : 0);
		body.put("Size", image.size());
		body.put("SharedSize", -1);
		body.put("Labels", labels(image));
		body.put("Containers", used.getOrDefault(image.id().toString(), 0L));
		return body;
	}

	private static Map<String, String> labels(Image image) {
		return (image.config() != null && image.config().config() != null && image.config().config().labels() != null)
				? image.config().config().labels() : Map.of();
	}

	private static Map<String, Object> inspect(ImageDetail detail) {
		Image image = detail.image();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Id", image.id().toString());
		body.put("RepoTags", image.references().stream().filter((r) -> !r.contains("@")).toList());
		body.put("RepoDigests", detail.repoDigests());
		body.put("Parent", "");
		body.put("Created", (image.created() != null) ? image.created().toString() : DockerContainerJson.ZERO_TIME);
		body.put("Architecture", (image.config() != null) ? image.config().architecture() : "");
		body.put("Os", (image.config() != null) ? image.config().os() : "linux");
		body.put("Size", image.size());
		body.put("Config", (image.config() != null) ? image.config().config() : Map.of());
		body.put("RootFS",
				Map.of("Type", "layers", "Layers", detail.layers().stream().map(ImageDetail.Layer::diffId).toList()));
		body.put("Metadata", Map.of("LastTagTime", DockerContainerJson.ZERO_TIME));
		return body;
	}

}
