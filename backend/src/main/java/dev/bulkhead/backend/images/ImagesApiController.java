package dev.bulkhead.backend.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * The native images API.
 */
@RestController
@RequestMapping("/api/v1/images")
@Tag(name = "images", description = "Load, list, inspect and remove images")
class ImagesApiController {

	private final ImageService images;

	ImagesApiController(ImageService images) {
		this.images = images;
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
