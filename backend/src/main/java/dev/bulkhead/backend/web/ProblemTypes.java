package dev.bulkhead.backend.web;

import java.net.URI;
import java.util.Map;

import dev.bulkhead.runtime.errors.BulkheadException;
import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InternalException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.errors.UnavailableException;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The one mapping from domain errors to HTTP. A failed precondition is 409 Conflict: the
 * request is well-formed but the current state of the resource forbids it (a container
 * that is not running cannot be stopped), which RFC 9110 describes as a conflict with the
 * state of the target resource; 422 would claim the content itself was wrong.
 */
public final class ProblemTypes {

	private static final String BASE = "https://bulkhead.dev/problems/";

	private static final Map<Class<? extends BulkheadException>, HttpStatus> STATUS = Map.of(NotFoundException.class,
			HttpStatus.NOT_FOUND, ConflictException.class, HttpStatus.CONFLICT, InvalidArgumentException.class,
			HttpStatus.BAD_REQUEST, FailedPreconditionException.class, HttpStatus.CONFLICT, ForbiddenException.class,
			HttpStatus.FORBIDDEN, UnavailableException.class, HttpStatus.SERVICE_UNAVAILABLE, InternalException.class,
			HttpStatus.INTERNAL_SERVER_ERROR);

	/**
	 * A request attribute holding a {@code Map<String, Object>} of extra members for the
	 * problem answered to the current request (e.g. the policy's structured violations),
	 * set by the service that throws.
	 */
	public static final String EXTRA_PROPERTIES_ATTRIBUTE = ProblemTypes.class.getName() + ".extraProperties";

	private ProblemTypes() {
	}

	public static URI type(String kind) {
		return URI.create(BASE + kind);
	}

	public static HttpStatus statusOf(BulkheadException ex) {
		HttpStatus status = STATUS.get(ex.getClass());
		if (status == null) {
			throw new IllegalStateException(
					"no HTTP status for " + ex.getClass().getName() + "; add the new kind of error to ProblemTypes");
		}
		return status;
	}

	public static ProblemDetail of(BulkheadException ex) {
		return of(statusOf(ex), ex.kind(), ex.getMessage());
	}

	public static ProblemDetail of(HttpStatusCode status, String kind, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(kind));
		return problem;
	}

}
