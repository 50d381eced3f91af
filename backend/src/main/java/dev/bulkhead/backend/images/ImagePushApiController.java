package dev.bulkhead.backend.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.BulkheadException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.registry.ImagePusher;

/**
 * {@code POST /api/v1/images/{reference}/push}. A reference has one to four path segments
 * ({@code app}, {@code team/app}, {@code host:5000/team/app:1},
 * {@code host:5000/org/team/app:1}), one mapping each, since a catch-all path variable
 * can only end a pattern.
 */
@RestController
@RequestMapping("/api/v1/images")
@Tag(name = "images", description = "Load, pull, push, list, inspect and remove images")
class ImagePushApiController {

	private static final Logger log = LoggerFactory.getLogger(ImagePushApiController.class);

	private static final String PREFIX = "/api/v1/images/";

	private static final String SUFFIX = "/push";

	private final ImagePushService pushes;

	private final JsonMapper json;

	ImagePushApiController(ImagePushService pushes, JsonMapper json) {
		this.pushes = pushes;
		this.json = json;
	}

	@PostMapping({ "/{name}/push", "/{repository}/{name}/push", "/{registry}/{repository}/{name}/push",
			"/{registry}/{namespace}/{repository}/{name}/push" })
	@Operation(summary = "Push a local image to a registry",
			description = "The path names the local image (reference or id); the optional body {\"target\": "
					+ "\"host:5000/repo:tag\"} says where it goes, by default its own reference. Blobs the target "
					+ "already has are skipped, blobs of another repository on the same registry are mounted, "
					+ "the rest uploaded (large ones in chunks), the manifest last and byte for byte. Streams JSON "
					+ "lines (application/x-ndjson) per blob {status: waiting|exists|mounted|uploading|done, kind, "
					+ "digest, bytesDone, total}, then {status: done, target, digest} or {status: error, detail}. "
					+ "Errors found before the upload starts are problem details.")
	void push(HttpServletRequest request, @RequestBody(required = false) PushRequest body, HttpServletResponse response)
			throws IOException {
		String local = localReference(request);
		ImagePusher.Plan plan = this.pushes.preparePush(local, (body != null) ? body.target() : null);
		response.setStatus(HttpStatus.OK.value());
		response.setContentType(ImagesApiController.NDJSON);
		PullStream stream = new PullStream(response.getOutputStream(), this.json);
		Map<String, Object> last = new LinkedHashMap<>();
		try {
			Digest digest = this.pushes.push(plan, stream);
			last.put("status", "done");
			last.put("target", plan.target().familiar());
			last.put("digest", digest.toString());
		}
		catch (BulkheadException ex) {
			last.put("status", "error");
			last.put("kind", ex.kind());
			last.put("detail", ex.getMessage());
		}
		catch (RuntimeException ex) {
			// The status line has been sent; the stream tells the failure, the log keeps
			// the stack.
			log.error("pushing {} to {} failed", local, plan.target(), ex);
			last.put("status", "error");
			last.put("kind", "internal");
			last.put("detail", "the push of " + local + " failed unexpectedly; see the server log");
		}
		stream.write(last);
	}

	private static String localReference(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
			throw new InvalidArgumentException("name the image to push: POST /api/v1/images/{reference}/push");
		}
		return UriUtils.decode(path.substring(PREFIX.length(), path.length() - SUFFIX.length()),
				StandardCharsets.UTF_8);
	}

}
