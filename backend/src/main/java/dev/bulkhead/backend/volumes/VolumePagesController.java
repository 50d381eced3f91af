package dev.bulkhead.backend.volumes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.bulkhead.backend.web.Navigation;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * The dashboard's volume pages: the list with sizes and users, create with labels, a
 * volume's own page, remove and prune.
 */
@Controller
@RequestMapping("/volumes")
class VolumePagesController {

	private final VolumeService volumes;

	VolumePagesController(VolumeService volumes) {
		this.volumes = volumes;
	}

	@GetMapping
	String list(Model model) {
		List<VolumeView> views = this.volumes.list().stream().map((v) -> VolumeView.of(v, this.volumes)).toList();
		model.addAttribute("volumes", views);
		return "volumes/list";
	}

	@PostMapping
	ResponseEntity<Void> create(@RequestParam(required = false) String name,
			@RequestParam(required = false) String labels, @RequestParam(required = false) String team,
			HttpServletRequest request) {
		if (name == null || name.isBlank()) {
			throw new InvalidArgumentException("give the volume a name");
		}
		this.volumes.create(name.strip(), parseLabels(labels), (team == null || team.isBlank()) ? null : team.strip());
		return Navigation.redirect(request, "/volumes/" + name.strip());
	}

	@GetMapping("/{name}")
	String detail(@PathVariable String name, Model model) {
		model.addAttribute("v", VolumeView.of(this.volumes.get(name), this.volumes));
		return "volumes/detail";
	}

	@PostMapping("/{name}/remove")
	ResponseEntity<Void> remove(@PathVariable String name, HttpServletRequest request) {
		this.volumes.remove(name, false);
		return Navigation.redirect(request, "/volumes");
	}

	@PostMapping("/prune")
	ResponseEntity<Void> prune(@RequestParam(defaultValue = "false") boolean all, HttpServletRequest request) {
		this.volumes.prune(all);
		return Navigation.redirect(request, "/volumes");
	}

	static Map<String, String> parseLabels(String text) {
		Map<String, String> labels = new LinkedHashMap<>();
		if (text == null) {
			return labels;
		}
		for (String line : text.split("\\R")) {
			String trimmed = line.trim();
			if (trimmed.isEmpty()) {
				continue;
			}
			int eq = trimmed.indexOf('=');
			if (eq <= 0) {
				throw new InvalidArgumentException("label line '" + trimmed + "' is not key=value; one per line");
			}
			labels.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
		}
		return labels;
	}

}
