package dev.bulkhead.backend.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
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
import dev.bulkhead.runtime.images.ArchiveFormat;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageDetail;
import dev.bulkhead.runtime.images.ImageDiskUsage;
import dev.bulkhead.runtime.images.ImageRemoval;
import dev.bulkhead.runtime.images.ImportOptions;
import dev.bulkhead.runtime.images.References;
import dev.bulkhead.runtime.registry.PullProgress;

/**
 * The dashboard's images pages: the list with sizes, one image's layers, history and
 * config; load, pull, import, tag, save, remove and prune.
 */
@Controller
@RequestMapping("/images")
class ImagePagesController {

	private final ImageService images;

	ImagePagesController(ImageService images) {
		this.images = images;
	}

	@GetMapping
	String list(@RequestParam(required = false) Integer pruned, @RequestParam(required = false) Long reclaimed,
			Model model) {
		ImageDiskUsage usage = this.images.diskUsage();
		Map<String, Long> containers = this.images.containersPerImage();
		model.addAttribute("usage", usage);
		model.addAttribute("images",
				usage.images()
					.stream()
					.map((entry) -> ImageView.of(entry, containers.getOrDefault(entry.image().id().toString(), 0L)))
					.toList());
		model.addAttribute("sizes", ByteSizes.INSTANCE);
		model.addAttribute("pruned", pruned);
		model.addAttribute("reclaimed", reclaimed);
		return "images/list";
	}

	@GetMapping("/view")
	String detail(@RequestParam String reference, Model model) {
		ImageDetail detail = this.images.inspect(reference);
		long containers = this.images.containersPerImage().getOrDefault(detail.image().id().toString(), 0L);
		model.addAttribute("sizes", ByteSizes.INSTANCE);
		model.addAttribute("reference", reference);
		model.addAttribute("image", ImageDetailView.of(detail, containers));
		return "images/detail";
	}

	@PostMapping("/load")
	ResponseEntity<Void> load(@RequestParam(name = "file", required = false) MultipartFile file,
			HttpServletRequest request) {
		try (InputStream in = upload(file, "choose an image tar file to load")) {
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

	@PostMapping("/import")
	ResponseEntity<Void> importRootfs(@RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(required = false) String reference, @RequestParam(required = false) String cmd,
			@RequestParam(required = false) String entrypoint, HttpServletRequest request) {
		this.images.requireChange("importing an image");
		ImportOptions options = new ImportOptions(blankToNull(reference), words(cmd, "cmd"),
				words(entrypoint, "entrypoint"), null);
		Image image;
		try (InputStream in = upload(file, "choose a root filesystem tar to import")) {
			image = this.images.importRootfs(in, options);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("reading the uploaded root filesystem failed", ex);
		}
		return Navigation.redirect(request, viewPath(image));
	}

	@PostMapping("/tag")
	ResponseEntity<Void> tag(@RequestParam String reference, @RequestParam(required = false) String target,
			HttpServletRequest request) {
		this.images.tag(reference, target);
		return Navigation.redirect(request, "/images/view?reference="
				+ java.net.URLEncoder.encode(References.normalize(target), java.nio.charset.StandardCharsets.UTF_8));
	}

	@PostMapping("/remove")
	ResponseEntity<Void> remove(@RequestParam String reference, @RequestParam(defaultValue = "false") boolean force,
			HttpServletRequest request) {
		this.images.delete(reference, force);
		return Navigation.redirect(request, "/images");
	}

	@PostMapping("/prune")
	ResponseEntity<Void> prune(@RequestParam(defaultValue = "false") boolean all, HttpServletRequest request) {
		ImageRemoval removal = this.images.prune(all);
		return Navigation.redirect(request,
				"/images?pruned=" + removal.deleted().size() + "&reclaimed=" + removal.reclaimedBytes());
	}

	@GetMapping("/save")
	void save(@RequestParam String reference, @RequestParam(required = false) String format,
			HttpServletResponse response) throws IOException {
		ArchiveFormat archiveFormat = ArchiveFormat.parse(format);
		Image image = this.images.prepareSave(reference);
		response.setContentType("application/x-tar");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"" + ImagesApiController.filename(image, archiveFormat) + "\"");
		try {
			this.images.save(reference, archiveFormat, response.getOutputStream());
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

	private static String viewPath(Image image) {
		return "/images/view?reference=" + (image.references().isEmpty() ? image.id().toString()
				: java.net.URLEncoder.encode(image.references().get(0), java.nio.charset.StandardCharsets.UTF_8));
	}

	private static InputStream upload(MultipartFile file, String missing) throws IOException {
		if (file == null || file.isEmpty()) {
			throw new InvalidArgumentException(missing);
		}
		return file.getInputStream();
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/**
	 * A command typed in a form: words separated by spaces, where single or double quotes
	 * keep spaces inside one word ({@code sh -c 'echo hi'}).
	 */
	static List<String> words(String line, String field) {
		if (line == null || line.isBlank()) {
			return null;
		}
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		boolean inWord = false;
		char quote = 0;
		for (char ch : line.strip().toCharArray()) {
			if (quote != 0) {
				if (ch == quote) {
					quote = 0;
				}
				else {
					word.append(ch);
				}
			}
			else if (ch == '\'' || ch == '"') {
				quote = ch;
				inWord = true;
			}
			else if (Character.isWhitespace(ch)) {
				if (inWord) {
					words.add(word.toString());
					word.setLength(0);
					inWord = false;
				}
			}
			else {
				word.append(ch);
				inWord = true;
			}
		}
		if (quote != 0) {
			throw new InvalidArgumentException(field + ": a quote (" + quote + ") is not closed");
		}
		if (inWord) {
			words.add(word.toString());
		}
		return words;
	}

}
