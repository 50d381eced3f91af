package dev.bulkhead.backend.containers;

import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.errors.BulkheadException;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The dashboard's terminal page of a container, for operators (and above) of the team
 * that owns it; the terminal itself runs over the WebSocket of
 * {@link TerminalConfiguration}.
 */
@Controller("terminalPages")
class TerminalPagesController {

	private final ContainerService containers;

	private final TeamAccess access;

	TerminalPagesController(ContainerService containers, TeamAccess access) {
		this.containers = containers;
		this.access = access;
	}

	@GetMapping("/containers/{id}/terminal")
	String terminal(@PathVariable String id, Model model) {
		String resolved = this.access.operateContainer(id);
		model.addAttribute("c", this.containers.get(resolved));
		return "containers/terminal";
	}

	/**
	 * Whether the signed-in user may open a terminal in the container (templates ask, to
	 * show the link only to those who can use it).
	 */
	public boolean allowed(String id) {
		try {
			this.access.operateContainer(id);
			return true;
		}
		catch (BulkheadException ex) {
			return false;
		}
	}

}
