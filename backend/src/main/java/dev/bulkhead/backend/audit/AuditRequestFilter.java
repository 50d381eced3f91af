package dev.bulkhead.backend.audit;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records every state-changing request (API and dashboard) once it has been answered:
 * who, which route, which path, and how it ended. It sits in each security filter chain
 * just inside the security context, so it sees refusals by authentication and
 * authorization as well as the caller. Bodies and query strings are never recorded.
 * Deliberately not a bean, like the bearer token filter, so it runs only inside the
 * chains.
 */
public class AuditRequestFilter extends OncePerRequestFilter {

	private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

	// Form sign-in is recorded by the authentication event listener, with the username
	// that was tried.
	private static final Set<String> RECORDED_ELSEWHERE = Set.of("/login");

	private final AuditTrail trail;

	public AuditRequestFilter(AuditTrail trail) {
		this.trail = trail;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!MUTATING.contains(request.getMethod()) || RECORDED_ELSEWHERE.contains(path)) {
			chain.doFilter(request, response);
			return;
		}
		String actorBefore = currentActor();
		boolean answered = false;
		try {
			chain.doFilter(request, response);
			answered = true;
		}
		finally {
			String actor = currentActor();
			Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			String action = request.getMethod() + " " + ((pattern != null) ? pattern : path);
			int status = response.getStatus();
			Object deniedReason = request.getAttribute(AuditTrail.DENIED_ATTRIBUTE);
			Outcome outcome = (!answered) ? Outcome.FAILED : outcomeOf(status, deniedReason);
			String detail = (outcome == Outcome.SUCCESS) ? null
					: "HTTP " + status + ((deniedReason != null) ? ": " + deniedReason : "");
			Object named = request.getAttribute(AuditTrail.TARGET_ATTRIBUTE);
			String target = (named != null) ? named.toString() : path;
			this.trail.record((actor != null) ? actor : actorBefore, request.getRemoteAddr(), action, target, outcome,
					detail);
		}
	}

	static Outcome outcomeOf(int status, Object deniedReason) {
		if (deniedReason != null || status == 401 || status == 403) {
			return Outcome.DENIED;
		}
		return (status < 400) ? Outcome.SUCCESS : Outcome.FAILED;
	}

	private static String currentActor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken
				|| !authentication.isAuthenticated()) {
			return null;
		}
		return authentication.getName();
	}

}
