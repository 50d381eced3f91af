package dev.bulkhead.backend.containers;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.errors.BulkheadException;

/**
 * The live policy verdict of the dashboard's create form: htmx posts the form here as the
 * user types, and the fragment says whether a create would be admitted, and if not, every
 * violation with what to do. Nothing is created.
 */
@Controller
class PolicyVerdictPagesController {

	private final ContainerService containers;

	PolicyVerdictPagesController(ContainerService containers) {
		this.containers = containers;
	}

	@PostMapping("/containers/verdict")
	String verdict(@RequestParam(required = false) String name, @RequestParam(required = false) String image,
			@RequestParam(required = false) String command, @RequestParam(required = false) String user,
			@RequestParam(required = false) String team, SecurityForm security, Model model) {
		try {
			List<String> args = ContainerPagesController.CommandLine.split(command);
			ContainerConfig config = new ContainerConfig(blankToNull(name), image, null, args.isEmpty() ? null : args,
					null, blankToNull(user), null, null, null, null, security.toConfig(), null, null);
			model.addAttribute("verdict", this.containers.evaluate(blankToNull(team), config));
		}
		catch (BulkheadException ex) {
			// A verdict cannot be given yet (an unknown team, an unclosed quote): say why
			// in the verdict's place rather than as a page error while the user types.
			model.addAttribute("problem", ex.getMessage());
		}
		return "containers/verdict :: verdict";
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
