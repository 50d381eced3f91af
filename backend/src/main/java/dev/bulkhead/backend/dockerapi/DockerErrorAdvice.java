package dev.bulkhead.backend.dockerapi;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.bulkhead.backend.web.ProblemTypes;
import dev.bulkhead.runtime.errors.BulkheadException;
import dev.bulkhead.runtime.errors.InternalException;
import dev.bulkhead.runtime.errors.NotFoundException;

/**
 * Maps the runtime's domain errors to Docker's answer, once for the whole Docker API: the
 * status of {@link ProblemTypes} (404, 409, 400, 403, ...) and a {@code {"message": ...}}
 * body, which docker prints after "Error response from daemon". A container or image that
 * is missing (or belongs to another team) starts with docker's own words ("No such
 * container: x"), which scripts and SDKs look for.
 */
@RestControllerAdvice(basePackageClasses = DockerErrorAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DockerErrorAdvice {

	private static final Logger log = LoggerFactory.getLogger(DockerErrorAdvice.class);

	private static final Pattern SUBJECT = Pattern
		.compile("^/v[0-9.]+/(containers|images|networks|volumes)/(?!json$|create$|load$|prune$)([^/]+)(/.*)?$");

	@ExceptionHandler(BulkheadException.class)
	ResponseEntity<Map<String, Object>> handle(BulkheadException ex, HttpServletRequest request) {
		if (ex instanceof InternalException) {
			log.error("Internal error: {}", ex.getMessage(), ex);
		}
		HttpStatus status = ProblemTypes.statusOf(ex);
		String message = ex.getMessage();
		if (ex instanceof NotFoundException) {
			message = dockerNotFound(request.getRequestURI().substring(request.getContextPath().length()), message);
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("message", message));
	}

	/** Docker's words for a missing subject of the path, followed by Bulkhead's. */
	static String dockerNotFound(String path, String message) {
		Matcher matcher = SUBJECT.matcher(path);
		if (!matcher.matches()) {
			return message;
		}
		String kind = matcher.group(1);
		String name = java.net.URLDecoder.decode(matcher.group(2), java.nio.charset.StandardCharsets.UTF_8);
		String lower = message.toLowerCase(java.util.Locale.ROOT);
		String noun = kind.substring(0, kind.length() - 1);
		if (!lower.contains(noun)) {
			// missing is something else than the path's subject (an image at start...)
			return message;
		}
		return switch (kind) {
			case "containers" -> "No such container: " + name + " (" + message + ")";
			case "images" -> "No such image: " + name + " (" + message + ")";
			case "networks" -> "network " + name + " not found (" + message + ")";
			default -> "get " + name + ": no such volume (" + message + ")";
		};
	}

}
