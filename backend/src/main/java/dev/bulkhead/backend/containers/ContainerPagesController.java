package dev.bulkhead.backend.containers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.backend.images.ImageService;
import dev.bulkhead.backend.networks.NetworkService;
import dev.bulkhead.backend.web.Navigation;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.networks.Network;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.networks.PortSpecs;
import dev.bulkhead.runtime.oci.Spec;

/**
 * The dashboard's container pages: the list (refreshed in place by htmx), the create form
 * and a container's own page with its logs.
 */
@Controller
@RequestMapping("/containers")
class ContainerPagesController {

	private static final long MIB = 1024L * 1024;

	private final ContainerService containers;

	private final ImageService images;

	private final NetworkService networks;

	private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

	ContainerPagesController(ContainerService containers, ImageService images, NetworkService networks) {
		this.networks = networks;
		this.containers = containers;
		this.images = images;
	}

	@GetMapping
	String list(@RequestParam(required = false) String q, @RequestParam(required = false) String state, Model model) {
		ContainerFilter filter = ContainerFilter.of(q, state);
		model.addAttribute("containers", filter.apply(this.containers.list()));
		model.addAttribute("filter", filter);
		model.addAttribute("q", (q != null) ? q : "");
		return "containers/list";
	}

	/**
	 * The list's rows, narrowed by the search box ({@code q}: part of a name or image)
	 * and the state filter; fetched when either changes and when containers come or go.
	 */
	@GetMapping("/rows")
	String rows(@RequestParam(required = false) String q, @RequestParam(required = false) String state, Model model) {
		ContainerFilter filter = ContainerFilter.of(q, state);
		model.addAttribute("containers", filter.apply(this.containers.list()));
		model.addAttribute("filter", filter);
		return "containers/list :: rows";
	}

	@GetMapping("/new")
	String form(Model model) {
		model.addAttribute("images", this.images.list());
		model.addAttribute("networks", networkChoices());
		return "containers/new";
	}

	@PostMapping
	ResponseEntity<Void> create(@RequestParam(required = false) String name, @RequestParam String image,
			@RequestParam(required = false) String command, @RequestParam(required = false) String env,
			@RequestParam(required = false) String user, @RequestParam(required = false) Long memoryMib,
			@RequestParam(required = false) Double cpus, @RequestParam(required = false) Long pids,
			@RequestParam(defaultValue = "false") boolean start, @RequestParam(required = false) String team,
			@RequestParam(required = false) String restartPolicy, @RequestParam(required = false) Integer maxRetries,
			@RequestParam(required = false) String healthCommand, @RequestParam(required = false) String healthInterval,
			@RequestParam(required = false) Integer healthRetries, @RequestParam(defaultValue = "false") boolean init,
			@RequestParam(required = false) String mounts, @RequestParam(required = false) String ports,
			@RequestParam(required = false) String network, SecurityForm security, HttpServletRequest request) {
		List<String> args = CommandLine.split(command);
		ContainerConfig.Lifecycle lifecycle = new ContainerConfig.Lifecycle(
				(blankToNull(restartPolicy) != null) ? new ContainerConfig.RestartPolicy(restartPolicy.trim(),
						"on-failure".equals(restartPolicy.trim()) ? maxRetries : null) : null,
				(blankToNull(healthCommand) != null)
						? new ContainerConfig.Healthcheck(List.of("CMD-SHELL", healthCommand.trim()),
								LifecycleRequest.millis(blankToNull(healthInterval), "health check interval"), null,
								null, healthRetries)
						: null,
				init ? Boolean.TRUE : null);
		ContainerConfig config = new ContainerConfig(blankToNull(name), image, null, args.isEmpty() ? null : args,
				parseEnv(env), blankToNull(user), null, null, null,
				new ContainerConfig.Resources((memoryMib != null) ? memoryMib * MIB : null, cpus, pids),
				security.toConfig(), null, null, blankToNull(network), portLines(ports), lifecycle,
				MountLines.parse(mounts), null);
		Container container = this.containers.create(blankToNull(team), config);
		if (start) {
			this.containers.start(container.id());
		}
		return Navigation.redirect(request, "/containers/" + container.id());
	}

	@GetMapping("/{id}")
	String detail(@PathVariable String id, Model model) {
		Container container = this.containers.get(id);
		model.addAttribute("c", container);
		model.addAttribute("logs", this.containers.logs(id, true, true, null, 500));
		return "containers/detail";
	}

	@GetMapping("/{id}/logs")
	String logs(@PathVariable String id, Model model) {
		model.addAttribute("c", this.containers.get(id));
		model.addAttribute("logs", this.containers.logs(id, true, true, null, 500));
		return "containers/detail :: logs";
	}

	@GetMapping("/{id}/summary")
	String summary(@PathVariable String id, Model model) {
		model.addAttribute("c", this.containers.get(id));
		return "containers/detail :: summary";
	}

	/**
	 * The Inspect tab, fetched when it is first opened: the effective settings read from
	 * the config.json runc was given, exceptions, mounts, networks and the file itself.
	 */
	@GetMapping("/{id}/inspect")
	String inspect(@PathVariable String id, Model model) {
		Container container = this.containers.get(id);
		model.addAttribute("c", container);
		byte[] config;
		try {
			config = this.containers.spec(container.id());
		}
		catch (FailedPreconditionException ex) {
			model.addAttribute("noSpec", ex.getMessage());
			return "containers/detail :: inspect";
		}
		Spec spec = this.json.readValue(config, Spec.class);
		model.addAttribute("inspect", InspectView.of(container, spec, new String(config, StandardCharsets.UTF_8)));
		return "containers/detail :: inspect";
	}

	@PostMapping("/{id}/start")
	String start(@PathVariable String id, Model model) {
		model.addAttribute("containers", List.of(this.containers.start(id)));
		return "containers/list :: row";
	}

	@PostMapping("/{id}/stop")
	String stop(@PathVariable String id, Model model) {
		model.addAttribute("containers", List.of(this.containers.stop(id, null)));
		return "containers/list :: row";
	}

	@PostMapping("/{id}/restart")
	String restart(@PathVariable String id, Model model) {
		model.addAttribute("containers", List.of(this.containers.restart(id, null)));
		return "containers/list :: row";
	}

	@PostMapping("/{id}/rename")
	ResponseEntity<Void> rename(@PathVariable String id, @RequestParam String name, HttpServletRequest request) {
		Container renamed = this.containers.rename(id, name);
		return Navigation.redirect(request, "/containers/" + renamed.id());
	}

	@PostMapping("/{id}/remove")
	ResponseEntity<Void> remove(@PathVariable String id, HttpServletRequest request) {
		this.containers.remove(id, true);
		return Navigation.redirect(request, "/containers");
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	static Map<String, String> parseEnv(String text) {
		Map<String, String> env = new LinkedHashMap<>();
		if (text == null) {
			return env;
		}
		for (String line : text.split("\\R")) {
			String trimmed = line.trim();
			if (trimmed.isEmpty()) {
				continue;
			}
			int eq = trimmed.indexOf('=');
			if (eq <= 0) {
				throw new InvalidArgumentException(
						"environment line '" + trimmed + "' is not NAME=value; write one variable per line");
			}
			String name = trimmed.substring(0, eq).trim();
			if (name.chars().anyMatch(Character::isWhitespace)) {
				throw new InvalidArgumentException(
						"environment variable name '" + name + "' contains a space; write NAME=value");
			}
			env.put(name, trimmed.substring(eq + 1));
		}
		return env;
	}

	/**
	 * Splits a command line the way a user types it: whitespace, with single or double
	 * quotes.
	 */
	static final class CommandLine {

		private CommandLine() {
		}

		static List<String> split(String line) {
			List<String> args = new ArrayList<>();
			if (line == null) {
				return args;
			}
			StringBuilder current = new StringBuilder();
			boolean inArg = false;
			char quote = 0;
			for (char ch : line.toCharArray()) {
				if (quote != 0) {
					if (ch == quote) {
						quote = 0;
					}
					else {
						current.append(ch);
					}
				}
				else if (ch == '\'' || ch == '"') {
					quote = ch;
					inArg = true;
				}
				else if (Character.isWhitespace(ch)) {
					if (inArg) {
						args.add(current.toString());
						current.setLength(0);
						inArg = false;
					}
				}
				else {
					current.append(ch);
					inArg = true;
				}
			}
			if (quote != 0) {
				throw new InvalidArgumentException("the command has an unclosed " + quote + " quote");
			}
			if (inArg) {
				args.add(current.toString());
			}
			return args;
		}

	}

	/**
	 * The networks the create form offers: the default network first, then the others the
	 * user may see (shared ones and their teams'), then none.
	 */
	private List<String> networkChoices() {
		List<String> names = new ArrayList<>();
		names.add(NetworkDriver.DEFAULT_NETWORK);
		this.networks.list()
			.stream()
			.map(Network::name)
			.filter((n) -> !n.equals(NetworkDriver.DEFAULT_NETWORK))
			.sorted()
			.forEach(names::add);
		names.add("none");
		return names;
	}

	/** Published ports, one {@code [ip:][hostPort:]containerPort[/proto]} a line. */
	private static List<dev.bulkhead.runtime.networks.PortMapping> portLines(String ports) {
		if (ports == null || ports.isBlank()) {
			return null;
		}
		return PortSpecs.parse(ports.lines().map(String::strip).filter((l) -> !l.isEmpty()).toList());
	}

}
