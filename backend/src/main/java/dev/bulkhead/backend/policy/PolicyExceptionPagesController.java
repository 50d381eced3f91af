package dev.bulkhead.backend.policy;

import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.backend.web.Navigation;
import dev.bulkhead.runtime.errors.ForbiddenException;
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
 * The dashboard's page of policy exceptions, for administrators: every exception, active
 * and expired, a form to grant one and a revoke button. Granting and revoking go through
 * {@link PolicyExceptions}, which refuses anyone but an administrator as the API does.
 */
@Controller
@RequestMapping("/admin/exceptions")
class PolicyExceptionPagesController {

	private static final String PAGE = "/admin/exceptions";

	private static final long DAY = 86_400;

	private final PolicyExceptions exceptions;

	private final TeamAccess access;

	PolicyExceptionPagesController(PolicyExceptions exceptions, TeamAccess access) {
		this.exceptions = exceptions;
		this.access = access;
	}

	@GetMapping
	String list(Model model) {
		if (!this.access.isAdmin()) {
			throw TeamAccess.refused(new ForbiddenException(
					"the policy exceptions page is for administrators; your team's exceptions are listed by "
							+ "GET /api/v1/policy/exceptions"));
		}
		model.addAttribute("exceptions", this.exceptions.list());
		return "admin/exceptions";
	}

	@PostMapping
	ResponseEntity<Void> grant(@RequestParam(required = false) String relaxation,
			@RequestParam(required = false) String team, @RequestParam(required = false) String containerName,
			@RequestParam(required = false) String reason, @RequestParam(required = false) Long expiresInDays,
			HttpServletRequest request) {
		if (expiresInDays == null || expiresInDays < 1) {
			throw new InvalidArgumentException("expires in: give a number of days, at least 1");
		}
		this.exceptions.grant(new PolicyExceptions.Grant(relaxation, team, containerName, reason, null,
				Math.multiplyExact(expiresInDays, DAY)));
		return Navigation.redirect(request, PAGE);
	}

	@PostMapping("/{id}/revoke")
	ResponseEntity<Void> revoke(@PathVariable long id, HttpServletRequest request) {
		this.exceptions.revoke(id);
		return Navigation.redirect(request, PAGE);
	}

}
