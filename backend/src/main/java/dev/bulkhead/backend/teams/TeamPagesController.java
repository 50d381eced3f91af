package dev.bulkhead.backend.teams;

import dev.bulkhead.backend.web.Navigation;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dashboard's teams page: every member sees their teams with members, quota and use;
 * administrators also create teams, grant and revoke roles and set quotas. Every change
 * goes through {@link TeamAdministration}, which refuses non-administrators.
 */
@Controller
@RequestMapping("/teams")
class TeamPagesController {

	private static final String PAGE = "/teams";

	private static final long MIB = 1024L * 1024;

	private final TeamAdministration teams;

	TeamPagesController(TeamAdministration teams) {
		this.teams = teams;
	}

	@GetMapping
	String list(Model model) {
		model.addAttribute("teams", this.teams.list());
		return "admin/teams";
	}

	@PostMapping
	ResponseEntity<Void> create(@RequestParam(required = false) String name, HttpServletRequest request) {
		this.teams.create((name != null) ? name.strip() : null);
		return Navigation.redirect(request, PAGE);
	}

	@PostMapping("/{team}/members")
	ResponseEntity<Void> putMember(@PathVariable String team, @RequestParam(required = false) String username,
			@RequestParam(required = false) String role, HttpServletRequest request) {
		if (username == null || username.isBlank()) {
			throw new InvalidArgumentException("username: name the user to add to team '" + team + "'");
		}
		this.teams.putMember(team, username.strip(), role);
		return Navigation.redirect(request, PAGE);
	}

	@PostMapping("/{team}/members/{username}/remove")
	ResponseEntity<Void> removeMember(@PathVariable String team, @PathVariable String username,
			HttpServletRequest request) {
		this.teams.removeMember(team, username);
		return Navigation.redirect(request, PAGE);
	}

	/** Empty fields mean no limit; memory and volume sizes are given in MiB. */
	@PostMapping("/{team}/quota")
	ResponseEntity<Void> putQuota(@PathVariable String team, @RequestParam(required = false) Integer containers,
			@RequestParam(required = false) Long memoryMib, @RequestParam(required = false) Double cpus,
			@RequestParam(required = false) Long volumeMib, HttpServletRequest request) {
		this.teams.putQuota(team,
				new TeamQuota(containers, bytes(memoryMib, "memory"), cpus, bytes(volumeMib, "volume")));
		return Navigation.redirect(request, PAGE);
	}

	private static Long bytes(Long mib, String what) {
		if (mib == null) {
			return null;
		}
		if (mib < 0 || mib > Long.MAX_VALUE / MIB) {
			throw new InvalidArgumentException(
					what + " quota must be a number of MiB from 0 up; leave it empty for no limit");
		}
		return mib * MIB;
	}

}
