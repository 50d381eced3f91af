package dev.bulkhead.backend.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import dev.bulkhead.backend.web.Navigation;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.registry.PullProgress;

/**
 * The dashboard's images page: list, load from an uploaded tar, pull from a registry,
 * remove.
 */
@Controller
@RequestMapping("/images")
class ImagePagesController {

	private final ImageService images;

	ImagePagesController(ImageService images) {
		this.images = images;
	}

	@GetMapping
	String list(Model model) {
		model.addAttribute("images", this.images.list());
		return "images/list";
	}

	@PostMapping("/load")
	ResponseEntity<Void> load(@RequestParam(name = "file", required = false) MultipartFile file,
			HttpServletRequest request) {
		if (file == null || file.isEmpty()) {
			throw new InvalidArgumentException("choose an image tar file to load");
		}
		try (InputStream in = file.getInputStream()) {
			this.images.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("reading the uploaded image failed", ex);
		}
		return Navigation.redirect(request, "/images");
	}

	/**
	 * Pulls without showing progress: the request returns when the image is in the list
	 * (progress streaming is the API's).
	 */
	@PostMapping("/pull")
	ResponseEntity<Void> pull(@RequestParam(name = "reference", required = false) String reference,
			HttpServletRequest request) {
		this.images.pull(this.images.preparePull(reference), PullProgress.Listener.ignore());
		return Navigation.redirect(request, "/images");
	}

	@PostMapping("/remove")
	ResponseEntity<Void> remove(@RequestParam String reference, HttpServletRequest request) {
		this.images.delete(reference, false);
		return Navigation.redirect(request, "/images");
	}

}
