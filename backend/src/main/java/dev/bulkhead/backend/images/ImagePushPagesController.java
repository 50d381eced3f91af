package dev.bulkhead.backend.images;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.bulkhead.backend.web.WebRequests;

/**
 * Push from an image's page: the form starts a push in the background and gets back its
 * status, which polls {@code /images/pushes/{id}} (htmx, no script of ours) until the
 * push is done or failed. Without htmx the form leads to the push's own page, which shows
 * where it stands when reloaded.
 */
@Controller
@RequestMapping("/images")
class ImagePushPagesController {

	private final ImagePushService pushes;

	ImagePushPagesController(ImagePushService pushes) {
		this.pushes = pushes;
	}

	@PostMapping("/push")
	String push(@RequestParam(required = false) String reference, @RequestParam(required = false) String target,
			HttpServletRequest request, Model model) {
		PushJobs.Job job = this.pushes.startPush(reference, target);
		if (!WebRequests.isHtmx(request)) {
			return "redirect:/images/pushes/" + job.id();
		}
		return status(job, model, true);
	}

	@GetMapping("/pushes/{id}")
	String poll(@PathVariable String id, HttpServletRequest request, Model model) {
		return status(this.pushes.job(id), model, WebRequests.isHtmx(request));
	}

	private static String status(PushJobs.Job job, Model model, boolean fragment) {
		model.addAttribute("push", job);
		model.addAttribute("sizes", ByteSizes.INSTANCE);
		return fragment ? "images/push :: status" : "images/push";
	}

}
