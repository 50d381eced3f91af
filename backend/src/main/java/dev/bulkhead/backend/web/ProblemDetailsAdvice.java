package dev.bulkhead.backend.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.bulkhead.runtime.errors.BulkheadException;
import dev.bulkhead.runtime.errors.InternalException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every error to an RFC 9457 problem, once, for every controller: domain errors by
 * their kind (see {@link ProblemTypes}), Spring MVC's own errors (unreadable JSON,
 * validation, 404, 405, 415, ...) with a detail a person can act on, and anything
 * unexpected to 500 with an id that finds it in the log.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	private final ProblemResponses responses;

	ProblemDetailsAdvice(ProblemResponses responses) {
		this.responses = responses;
	}

	@ExceptionHandler(BulkheadException.class)
	ResponseEntity<Object> handleBulkhead(BulkheadException ex, WebRequest request) {
		if (ex instanceof InternalException) {
			log.error("Internal error: {}", ex.getMessage(), ex);
		}
		ProblemDetail problem = ProblemTypes.of(ex);
		if (request.getAttribute(ProblemTypes.EXTRA_PROPERTIES_ATTRIBUTE,
				WebRequest.SCOPE_REQUEST) instanceof Map<?, ?> extra) {
			extra.forEach((name, value) -> problem.setProperty(String.valueOf(name), value));
		}
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatusCode.valueOf(problem.getStatus()),
				request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) throws Exception {
		if (ex instanceof AccessDeniedException || ex instanceof AuthenticationException) {
			// Spring Security answers these (401 or 403, in the form of the chain that
			// caught them); rethrowing hands them back to it.
			throw ex;
		}
		String errorId = UUID.randomUUID().toString();
		log.error("Unexpected error {}", errorId, ex);
		ProblemDetail problem = ProblemTypes.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
				"the server failed unexpectedly; the server log has the details under error id " + errorId);
		problem.setProperty("errorId", errorId);
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemTypes.of(status, "invalid-argument", unreadableBodyDetail(ex));
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "message", message(error)))
			.toList();
		List<String> global = ex.getBindingResult()
			.getGlobalErrors()
			.stream()
			.map((error) -> String.valueOf(error.getDefaultMessage()))
			.toList();
		StringBuilder detail = new StringBuilder("the request is invalid: ");
		detail.append(String.join("; ",
				errors.stream().map((error) -> error.get("field") + " " + error.get("message")).toList()));
		if (!global.isEmpty()) {
			detail.append(errors.isEmpty() ? "" : "; ").append(String.join("; ", global));
		}
		ProblemDetail problem = ProblemTypes.of(status, "invalid-argument", detail.toString());
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> Map.of("field", String.valueOf(result.getMethodParameter().getParameterName()),
						"message", String.valueOf(error.getDefaultMessage()))))
			.toList();
		ProblemDetail problem = ProblemTypes.of(status, "invalid-argument", "the request is invalid: " + String
			.join("; ", errors.stream().map((error) -> error.get("field") + " " + error.get("message")).toList()));
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String where = ex.getHttpMethod() + " /" + ex.getResourcePath();
		HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
		String detail = (servletRequest != null && WebRequests.isApi(servletRequest))
				? "there is no endpoint at " + where + "; the API is described at /v3/api-docs"
				: "there is no page at /" + ex.getResourcePath() + "; check the address";
		ProblemDetail problem = ProblemTypes.of(status, "not-found", detail);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	/**
	 * A path outside every controller and static mapping (static files live only under
	 * /css, /js and /webjars, see {@link StaticResources}).
	 */
	@Override
	protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String path = ex.getRequestURL();
		HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
		String detail = (servletRequest != null && WebRequests.isApi(servletRequest))
				? "there is no endpoint at " + ex.getHttpMethod() + " " + path
						+ "; the API is described at /v3/api-docs"
				: "there is no page at " + path + "; check the address";
		ProblemDetail problem = ProblemTypes.of(status, "not-found", detail);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String given = (ex.getContentType() != null) ? "Content-Type " + ex.getContentType() : "a missing Content-Type";
		ProblemDetail problem = ProblemTypes.of(status, "unsupported-media-type",
				given + " is not supported here; send one of " + MediaType.toString(ex.getSupportedMediaTypes()));
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String allowed = (ex.getSupportedHttpMethods() != null) ? "; allowed: "
				+ String.join(", ", ex.getSupportedHttpMethods().stream().map(HttpMethod::name).toList()) : "";
		ProblemDetail problem = ProblemTypes.of(status, "method-not-allowed",
				"method " + ex.getMethod() + " is not allowed here" + allowed);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	/**
	 * Every handled error passes through here, so this is where the form of the answer is
	 * chosen.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = (body instanceof ProblemDetail detail) ? detail : ProblemDetail.forStatus(status);
		if (problem.getDetail() == null && ex.getMessage() != null) {
			problem.setDetail(firstLine(ex.getMessage()));
		}
		NativeWebRequest nativeRequest = (NativeWebRequest) request;
		HttpServletRequest servletRequest = nativeRequest.getNativeRequest(HttpServletRequest.class);
		HttpServletResponse servletResponse = nativeRequest.getNativeResponse(HttpServletResponse.class);
		try {
			return this.responses.entity(problem, (headers != null) ? headers : new HttpHeaders(), servletRequest,
					servletResponse);
		}
		catch (IOException ex2) {
			throw new InternalException("cannot send the error response for: " + problem.getDetail(), ex2);
		}
	}

	private static String message(FieldError error) {
		return String.valueOf(error.getDefaultMessage());
	}

	private static String unreadableBodyDetail(HttpMessageNotReadableException ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		if (cause instanceof StreamReadException parse) {
			return "the request body is not valid JSON: " + parse.getOriginalMessage();
		}
		if (cause instanceof DatabindException binding) {
			return "the request body does not have the expected shape: " + binding.getOriginalMessage()
					+ pathOf(binding);
		}
		if (cause == ex || cause.getMessage() == null) {
			return "the request body is missing or unreadable; send a JSON object";
		}
		return "the request body is not valid JSON: " + firstLine(cause.getMessage());
	}

	private static String pathOf(DatabindException ex) {
		String path = ex.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.reduce((left, right) -> right.startsWith("[") ? left + right : left + "." + right)
			.orElse("");
		return path.isEmpty() ? "" : " (at " + path + ")";
	}

	private static String firstLine(String message) {
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

}
