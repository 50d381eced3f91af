package dev.bulkhead.backend.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.registry.ImagePuller;

/**
 * The native images API.
 */
@RestController
@RequestMapping("/api/v1/images")
@Tag(name = "images", description = "Load, pull, list, inspect and remove images")
class ImagesApiController {

	static final String NDJSON = "application/x-ndjson";

	private static final Logger log = LoggerFactory.getLogger(ImagesApiController.class);

	private final ImageService images;

	private final JsonMapper json;

	ImagesApiController(ImageService images, JsonMapper json) {
		this.images = images;
		this.json = json;
	}

	@GetMapping
	@Operation(summary = "List images")
	List<ImageView> list() {
		return this.images.list().stream().map(ImageView::of).toList();
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
			description = "Streams progress as JSON lines (application/x-ndjson): one object per blob event "
					+ "{status: waiting|downloading|exists|done, kind, digest, bytesDone, total}, then "
					+ "{status: done, image} or {status: error, detail}. Errors found before the download starts "
					+ "(bad reference, unknown registry or tag, no room) are problem details.")
	void pull(@RequestBody PullRequest request, HttpServletResponse response) throws IOException {
		ImagePuller.Plan plan = this.images.preparePull((request != null) ? request.reference() : null);
		response.setStatus(HttpStatus.OK.value());
		response.setContentType(NDJSON);
		PullStream stream = new PullStream(response.getOutputStream(), this.json);
		Map<String, Object> last = new LinkedHashMap<>();
		try {
			Image image = this.images.pull(plan, stream);
			last.put("status", "done");
			last.put("image", ImageView.of(image));
		}
		catch (BulkheadException ex) {
			last.put("status", "error");
			last.put("kind", ex.kind());
			last.put("detail", ex.getMessage());
		}
		catch (RuntimeException ex) {
			// The status line has been sent, so the failure can only be told in the
			// stream;
			// the log keeps the stack for whoever investigates.
			log.error("pulling {} failed", plan.reference(), ex);
			last.put("status", "error");
			last.put("kind", "internal");
			last.put("detail", "the pull of " + plan.reference() + " failed unexpectedly; see the server log");
		}
		stream.write(last);
	}

	@GetMapping("/{*reference}")
	@Operation(summary = "Inspect an image by reference (busybox:latest), id or id prefix")
	ImageView inspect(@PathVariable String reference) {
		return ImageView.of(this.images.get(stripSlash(reference)));
	}

	@DeleteMapping("/{*reference}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Remove a reference, or an image with all its references when given an id")
	void delete(@PathVariable String reference, @RequestParam(defaultValue = "false") boolean force) {
		this.images.delete(stripSlash(reference), force);
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
