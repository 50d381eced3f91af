package dev.bulkhead.backend.web;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Tells the kinds of request apart. API paths are the native API, the Docker-compatible
 * API (versioned paths and {@code /_ping}) and the OpenAPI document; everything else
 * belongs to the dashboard.
 */
public final class WebRequests {

	/** Set by htmx on every request it makes. */
	public static final String HX_REQUEST = "HX-Request";

	private static final Pattern DOCKER_VERSIONED_PATH = Pattern.compile("^/v\\d+\\.\\d+(/.*)?$");

	private WebRequests() {
	}

	public static boolean isHtmx(HttpServletRequest request) {
		return "true".equalsIgnoreCase(request.getHeader(HX_REQUEST));
	}

	public static boolean isApi(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals("/api") || path.startsWith("/api/") || path.equals("/v3/api-docs")
				|| path.startsWith("/v3/api-docs/") || path.equals("/_ping")
				|| DOCKER_VERSIONED_PATH.matcher(path).matches();
	}

	/**
	 * Whether the request is for the Docker-compatible API (a versioned path or
	 * {@code /_ping}); its errors take Docker's {@code {"message": ...}} form.
	 */
	public static boolean isDockerApi(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals("/_ping") || DOCKER_VERSIONED_PATH.matcher(path).matches();
	}

	/**
	 * Whether the client asked for HTML explicitly, as a browser navigating does.
	 */
	public static boolean acceptsHtml(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept == null) {
			return false;
		}
		return MediaType.parseMediaTypes(accept)
			.stream()
			.anyMatch((type) -> type.getType().equals("text") && type.getSubtype().equals("html"));
	}

}
