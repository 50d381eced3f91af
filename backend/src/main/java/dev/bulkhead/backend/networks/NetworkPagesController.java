package dev.bulkhead.backend.networks;

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
import dev.bulkhead.runtime.networks.Network;

/**
 * The dashboard's networks pages: the list with a create form, a network's detail with
 * its containers, and removal after confirmation. The same service as the API applies the
 * team rules.
 */
@Controller
@RequestMapping("/networks")
class NetworkPagesController {

	private final NetworkService networks;

	NetworkPagesController(NetworkService networks) {
		this.networks = networks;
	}

	@GetMapping
	String list(Model model) {
		model.addAttribute("networks", this.networks.list());
		return "networks/list";
	}

	@PostMapping
	ResponseEntity<Void> create(@RequestParam(required = false) String name,
			@RequestParam(required = false) String subnet, @RequestParam(required = false) String gateway,
			@RequestParam(required = false) Integer mtu, @RequestParam(defaultValue = "false") boolean internal,
			@RequestParam(required = false) String team, HttpServletRequest request) {
		Network network = this.networks.create(blankToNull(name), blankToNull(subnet), blankToNull(gateway), mtu,
				internal, blankToNull(team));
		return Navigation.redirect(request, "/networks/" + network.name());
	}

	@GetMapping("/{name}")
	String detail(@PathVariable String name, Model model) {
		Network network = this.networks.get(name);
		model.addAttribute("n", network);
		model.addAttribute("members",
				this.networks.containersOn(network.name())
					.stream()
					.map((c) -> new Member(c.id(), c.shortId(), c.name(), c.state().wireName(),
							NetworkService.attachment(c, network.name()).map((a) -> a.ipAddress()).orElse(""),
							NetworkService.attachment(c, network.name()).map((a) -> a.ifName()).orElse("")))
					.toList());
		return "networks/detail";
	}

	@PostMapping("/{name}/remove")
	ResponseEntity<Void> remove(@PathVariable String name, HttpServletRequest request) {
		this.networks.remove(name);
		return Navigation.redirect(request, "/networks");
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** A container on the network as the detail page shows it. */
	record Member(String id, String shortId, String name, String state, String ipAddress, String interfaceName) {
	}

}
