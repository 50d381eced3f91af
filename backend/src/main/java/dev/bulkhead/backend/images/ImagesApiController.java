package dev.bulkhead.backend.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.bulkhead.runtime.errors.BulkheadException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.images.ArchiveFormat;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageDetail;
import dev.bulkhead.runtime.images.ImportOptions;
import dev.bulkhead.runtime.registry.ImagePuller;

/**
 * The native images API.
 */
@RestController
@RequestMapping("/api/v1/images")
@Tag(name = "images", description = "Load, pull, import, list, inspect, tag, save, remove and prune images")
class ImagesApiController {

	static final String NDJSON = "application/x-ndjson";

	/** The response header that carries a pull's id, for cancelling it. */
	static final String PULL_ID_HEADER = "Bulkhead-Pull-Id";

	private static final String SAVE_SUFFIX = "/save";

	private static final String TAG_SUFFIX = "/tag";

	private static final Logger log = LoggerFactory.getLogger(ImagesApiController.class);

	private final ImageService images;

	private final JsonMapper json;

	ImagesApiController(ImageService images, JsonMapper json) {
		this.images = images;
		this.json = json;
	}

	@GetMapping
	@Operation(summary = "List images with their sizes",
			description = "Each image with diskBytes (its blobs and unpacked layers), sharedBytes (the part other "
					+ "images use too), uniqueBytes (what removing it frees) and the number of containers built "
					+ "on it, like 'docker system df -v'.")
	List<ImageView> list() {
		Map<String, Long> containers = this.images.containersPerImage();
		return this.images.diskUsage()
			.images()
			.stream()
			.map((entry) -> ImageView.of(entry, containers.getOrDefault(entry.image().id().toString(), 0L)))
			.toList();
	}

	@PostMapping("/load")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Load an OCI image layout tar or a 'docker save' tar",
			description = "Send the tar as the request body (Content-Type application/x-tar) "
					+ "or as the multipart field 'file'.")
	List<ImageView> load(HttpServletRequest request) {
		try (InputStream tar = tarStream(request)) {
			return this.images.load(tar).stream().map(ImageView::of).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("reading the uploaded image failed", ex);
		}
	}

	@PostMapping(path = "/pull", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Pull an image from a registry",
			description = "Streams progress as JSON lines (application/x-ndjson): first {status: started, id, "
					+ "reference}, with the id also in the header " + PULL_ID_HEADER + "; then one object per blob "
					+ "event {status: waiting|downloading|exists|done, kind, digest, bytesDone, total}; then "
					+ "{status: done, image}, {status: cancelled, detail} or {status: error, detail}. "
					+ "DELETE /api/v1/images/pulls/{id} cancels the pull, and so does closing the stream. "
					+ "Errors found before the download starts (bad reference, unknown registry or tag, no room) "
					+ "are problem details.")
	void pull(@RequestBody PullRequest request, HttpServletResponse response) throws IOException {
		ImagePuller.Plan plan = this.images.preparePull((request != null) ? request.reference() : null);
		try (PullRegistry.Running running = this.images.startPull(plan)) {
			response.setStatus(HttpStatus.OK.value());
			response.setContentType(NDJSON);
			response.setHeader(PULL_ID_HEADER, running.id());
			PullStream stream = new PullStream(response.getOutputStream(), this.json, running.cancellation());
			Map<String, Object> first = new LinkedHashMap<>();
			first.put("status", "started");
			first.put("id", running.id());
			first.put("reference", running.reference());
			stream.write(first);
			stream.write(outcome(plan, stream, running));
		}
	}

	private Map<String, Object> outcome(ImagePuller.Plan plan, PullStream stream, PullRegistry.Running running) {
		Map<String, Object> last = new LinkedHashMap<>();
		try {
			Image image = this.images.pull(plan, stream, running);
			last.put("status", "done");
			last.put("image", ImageView.of(image));
		}
		catch (CancellationException ex) {
			last.put("status", "cancelled");
			last.put("id", running.id());
			last.put("detail", "the pull of " + plan.reference() + " was cancelled; nothing of it was kept");
		}
		catch (BulkheadException ex) {
			last.put("status", "error");
			last.put("kind", ex.kind());
			last.put("detail", ex.getMessage());
		}
		catch (RuntimeException ex) {
			// The status line has been sent, so the failure can only be told in the
			// stream; the log keeps the stack for whoever investigates.
			log.error("pulling {} failed", plan.reference(), ex);
			last.put("status", "error");
			last.put("kind", "internal");
			last.put("detail", "the pull of " + plan.reference() + " failed unexpectedly; see the server log");
		}
		return last;
	}

	@GetMapping("/{*reference}")
	@Operation(summary = "Inspect an image, or save it as a tar with .../save",
			description = "GET /api/v1/images/{ref} inspects an image by reference (busybox:latest), id or id "
					+ "prefix: config (env, entrypoint, cmd, exposed ports, user, volumes, labels, working dir), "
					+ "history, layers with compressed and unpacked sizes, platform, repo tags and digests. "
					+ "GET /api/v1/images/{ref}/save?format=docker-archive|oci streams the image as a tar that "
					+ "docker load, skopeo and POST /api/v1/images/load accept (default docker-archive).")
	ResponseEntity<ImageDetailView> inspectOrSave(@PathVariable String reference,
			@RequestParam(required = false) String format, HttpServletResponse response) throws IOException {
		String path = stripSlash(reference);
		if (path.endsWith(SAVE_SUFFIX)) {
			save(stripSlash(path.substring(0, path.length() - SAVE_SUFFIX.length())), format, response);
			// The tar has been written to the response.
			return null;
		}
		ImageDetail detail = this.images.inspect(path);
		long containers = this.images.containersPerImage().getOrDefault(detail.image().id().toString(), 0L);
		return ResponseEntity.ok(ImageDetailView.of(detail, containers));
	}

	private void save(String reference, String formatName, HttpServletResponse response) throws IOException {
		ArchiveFormat format = ArchiveFormat.parse(formatName);
		Image image = this.images.prepareSave(reference);
		String filename = filename(image, format);
		response.setStatus(HttpStatus.OK.value());
		response.setContentType("application/x-tar");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
		try {
			this.images.save(reference, format, response.getOutputStream());
		}
		catch (RuntimeException ex) {
			if (!response.isCommitted()) {
				// Nothing of the tar was sent: the error is answered as a problem
				// instead.
				response.reset();
			}
			throw ex;
		}
		response.flushBuffer();
	}

	@PostMapping("/{*reference}")
	@Operation(summary = "Tag an image: POST /api/v1/images/{ref}/tag {\"target\": \"repo:tag\"}",
			description = "Gives the image another name, as 'docker tag' does. A name that pointed at another "
					+ "image moves; that image stays, untagged, until it is removed or pruned.")
	ImageView tag(@PathVariable String reference, @RequestBody(required = false) TagRequest request) {
		String path = stripSlash(reference);
		this.images.requireChange("tagging an image");
		if (!path.endsWith(TAG_SUFFIX)) {
			throw new NotFoundException("there is no endpoint at POST /api/v1/images/" + path
					+ "; tag an image with POST /api/v1/images/{ref}/tag");
		}
		String source = stripSlash(path.substring(0, path.length() - TAG_SUFFIX.length()));
		return ImageView.of(this.images.tag(source, (request != null) ? request.target() : null));
	}

	@DeleteMapping("/{*reference}")
	@Operation(summary = "Remove a name, or an image with all its names when given an id",
			description = "Like 'docker rmi': a name of an image that has other names is only untagged. Removing an "
					+ "image that containers use is refused (409, naming the containers you can see) unless "
					+ "force=true, which takes its names away and keeps it until they are gone. Blobs and layers "
					+ "no other image uses are freed; the answer says what went and how many bytes were freed.")
	ImageRemovalView delete(@PathVariable String reference, @RequestParam(defaultValue = "false") boolean force) {
		return ImageRemovalView.of(this.images.delete(stripSlash(reference), force));
	}

	@PostMapping("/prune")
	@Operation(summary = "Remove unused images",
			description = "Without all: the untagged (dangling) images no container uses; with all=true: every "
					+ "image no container uses. Answers what was removed and the bytes freed.")
	ImageRemovalView prune(@RequestParam(defaultValue = "false") boolean all) {
		return ImageRemovalView.of(this.images.prune(all));
	}

	@PostMapping("/import")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Import a root filesystem tar as a one-layer image",
			description = "Like 'docker import': the body (Content-Type application/x-tar, optionally "
					+ "gzip-compressed, or the multipart field 'file') becomes the only layer. Parameters: "
					+ "reference (name:tag; none leaves the image untagged), cmd and entrypoint (repeat the "
					+ "parameter for each argument), env (NAME=value, repeatable).")
	ImageView importRootfs(HttpServletRequest request) {
		this.images.requireChange("importing an image");
		ImportOptions options = new ImportOptions(request.getParameter("reference"), values(request, "cmd"),
				values(request, "entrypoint"), values(request, "env"));
		try (InputStream tar = tarStream(request)) {
			return ImageView.of(this.images.importRootfs(tar, options));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("reading the uploaded root filesystem failed", ex);
		}
	}

	/** Every value of a repeated parameter, kept whole (no splitting at commas). */
	private static List<String> values(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		return (values != null && values.length > 0) ? List.of(values) : null;
	}

	/** The file name a saved image is offered under: its first name, made safe. */
	static String filename(Image image, ArchiveFormat format) {
		String base = image.references().isEmpty() ? image.id().shortHex() : image.references().get(0);
		return base.replaceAll("[^A-Za-z0-9._-]", "_") + ((format == ArchiveFormat.OCI) ? "-oci" : "") + ".tar";
	}

	static InputStream tarStream(HttpServletRequest request) throws IOException {
		if (request instanceof MultipartHttpServletRequest multipart) {
			MultipartFile file = multipart.getFile("file");
			if (file == null || file.isEmpty()) {
				throw new InvalidArgumentException("the multipart field 'file' with the image tar is missing or empty");
			}
			return file.getInputStream();
		}
		return request.getInputStream();
	}

	private static String stripSlash(String reference) {
		String value = reference.startsWith("/") ? reference.substring(1) : reference;
		if (value.isBlank()) {
			throw new InvalidArgumentException("an image reference or id is required");
		}
		return value;
	}

}
