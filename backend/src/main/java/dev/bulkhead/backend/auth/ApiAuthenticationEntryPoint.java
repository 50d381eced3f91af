package dev.bulkhead.backend.auth;

import java.io.IOException;

import dev.bulkhead.backend.web.ProblemResponses;
import dev.bulkhead.backend.web.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers an unauthenticated API request with 401, a bearer challenge (RFC 6750) and a
 * problem saying how to get a token; a password sign-in refused by the login throttle
 * gets 429 with {@code Retry-After} instead.
 */
class ApiAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final ProblemResponses problems;

	ApiAuthenticationEntryPoint(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		if (exception instanceof LoginLockedException locked) {
			long seconds = Math.max(1, java.time.Duration.between(java.time.Instant.now(), locked.until()).toSeconds());
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
			this.problems.write(
					ProblemTypes.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", exception.getMessage()), request,
					response);
			return;
		}
		String challenge = "Bearer realm=\"bulkhead\"";
		String detail;
		if (exception instanceof InvalidBearerTokenException) {
			challenge += ", error=\"invalid_token\"";
			detail = exception.getMessage();
		}
		else if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
			detail = "the credentials were not accepted (" + exception.getMessage()
					+ "); send Authorization: Bearer <token>, or HTTP Basic to POST /api/v1/tokens to create a token";
		}
		else if (dev.bulkhead.backend.web.WebRequests.isDockerApi(request)) {
			// the docker CLI shows only this message: say how to configure it
			detail = "authentication required: Bulkhead's Docker API needs a bearer token. Create one (dashboard: "
					+ "Tokens, or HTTP Basic on POST /api/v1/tokens) and put {\"HttpHeaders\":{\"Authorization\":"
					+ "\"Bearer <token>\"}} in config.json of your docker config directory (DOCKER_CONFIG, "
					+ "default ~/.docker)";
		}
		else {
			detail = "authentication required: send Authorization: Bearer <token>; "
					+ "create a token with HTTP Basic on POST /api/v1/tokens";
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		ProblemDetail problem = ProblemTypes.of(HttpStatus.UNAUTHORIZED, "unauthenticated", detail);
		this.problems.write(problem, request, response);
	}

}
