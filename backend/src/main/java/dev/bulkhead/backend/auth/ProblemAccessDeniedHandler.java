package dev.bulkhead.backend.auth;

import java.io.IOException;

import dev.bulkhead.backend.web.ProblemResponses;
import dev.bulkhead.backend.web.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Answers 403 in the form the client can use (problem JSON, htmx fragment or error page),
 * and tells a missing CSRF token apart from a missing permission because the cure
 * differs.
 */
class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	private final ProblemResponses problems;

	ProblemAccessDeniedHandler(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		String detail;
		if (exception instanceof CsrfException) {
			detail = "the CSRF token is missing or stale; reload the page and try again";
		}
		else if (exception instanceof ReadOnlyTokenException) {
			detail = exception.getMessage();
		}
		else {
			detail = "you are not allowed to do this; ask an administrator";
		}
		ProblemDetail problem = ProblemTypes.of(HttpStatus.FORBIDDEN, "forbidden", detail);
		this.problems.write(problem, request, response);
	}

}
