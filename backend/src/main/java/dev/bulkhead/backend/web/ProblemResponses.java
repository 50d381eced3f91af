package dev.bulkhead.backend.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Answers with a problem in the form the client can use: problem JSON for API clients, an
 * error fragment retargeted at {@code #errors} for htmx, and the error page for a browser
 * navigating the dashboard.
 */
@Component
public class ProblemResponses {

	/**
	 * The request attribute that carries the problem to the error page.
	 */
	public static final String PROBLEM_ATTRIBUTE = ProblemResponses.class.getName() + ".problem";

	static final String HX_RETARGET = "HX-Retarget";

	static final String HX_RESWAP = "HX-Reswap";

	static final String ERRORS_TARGET = "#errors";

	static final String HX_TARGET = "HX-Target";

	private static final java.util.regex.Pattern FORM_ERRORS = java.util.regex.Pattern.compile("[a-z0-9-]+-errors");

	private final ITemplateEngine templates;

	private final JsonMapper json;

	public ProblemResponses(ITemplateEngine templates, JsonMapper json) {
		this.templates = templates;
		this.json = json;
	}

	/**
	 * For exception handlers: a response entity, or {@code null} when the error page has
	 * been requested with {@code sendError} and the container will render it.
	 */
	ResponseEntity<Object> entity(ProblemDetail problem, HttpHeaders headers, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		HttpStatusCode status = HttpStatusCode.valueOf(problem.getStatus());
		if (WebRequests.isHtmx(request)) {
			return ResponseEntity.status(status)
				.headers(headers)
				.headers((h) -> retargetToErrors(h, request))
				.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
				.body(fragment(problem, request.getLocale()));
		}
		if (isForBrowserPage(request)) {
			headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
			sendErrorPage(problem, request, response);
			return null;
		}
		if (WebRequests.isDockerApi(request)) {
			return ResponseEntity.status(status)
				.headers(headers)
				.contentType(MediaType.APPLICATION_JSON)
				.body(dockerMessage(problem));
		}
		return ResponseEntity.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	/**
	 * For filters, which have no message converters: writes the problem to the response.
	 */
	public void write(ProblemDetail problem, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (WebRequests.isHtmx(request)) {
			response.setStatus(problem.getStatus());
			response.setHeader(HX_RETARGET, errorsTarget(request));
			response.setHeader(HX_RESWAP, "innerHTML");
			response.setContentType("text/html;charset=UTF-8");
			response.getWriter().write(fragment(problem, request.getLocale()));
			return;
		}
		if (isForBrowserPage(request)) {
			sendErrorPage(problem, request, response);
			return;
		}
		response.setStatus(problem.getStatus());
		if (WebRequests.isDockerApi(request)) {
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.getOutputStream().write(this.json.writeValueAsBytes(dockerMessage(problem)));
			return;
		}
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsBytes(asMap(problem)));
	}

	String fragment(ProblemDetail problem, Locale locale) {
		return this.templates.process("fragments/error", Set.of("problem"),
				new Context(locale, Map.of("problem", problem)));
	}

	private void retargetToErrors(HttpHeaders headers, HttpServletRequest request) {
		headers.set(HX_RETARGET, errorsTarget(request));
		headers.set(HX_RESWAP, "innerHTML");
	}

	/**
	 * Where the problem goes on the page: a form that targets its own error area (an
	 * element whose id ends in {@code -errors}, named by htmx's {@code HX-Target} header)
	 * shows it next to itself; anything else in the page's {@code #errors}.
	 */
	static String errorsTarget(HttpServletRequest request) {
		String target = request.getHeader(HX_TARGET);
		if (target != null && FORM_ERRORS.matcher(target).matches()) {
			return "#" + target;
		}
		return ERRORS_TARGET;
	}

	private static boolean isForBrowserPage(HttpServletRequest request) {
		return !WebRequests.isApi(request) && WebRequests.acceptsHtml(request);
	}

	private static void sendErrorPage(ProblemDetail problem, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		request.setAttribute(PROBLEM_ATTRIBUTE, problem);
		response.sendError(problem.getStatus());
	}

	/**
	 * The body Docker clients read errors from: they show {@code message} and nothing
	 * else.
	 */
	public static Map<String, Object> dockerMessage(ProblemDetail problem) {
		return Map.of("message", (problem.getDetail() != null) ? problem.getDetail() : problem.getTitle());
	}

	// Problem JSON as RFC 9457 lays it out: extension members beside the standard ones.
	private static Map<String, Object> asMap(ProblemDetail problem) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("type", problem.getType().toString());
		map.put("title", problem.getTitle());
		map.put("status", problem.getStatus());
		if (problem.getDetail() != null) {
			map.put("detail", problem.getDetail());
		}
		if (problem.getInstance() != null) {
			map.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			map.putAll(problem.getProperties());
		}
		return map;
	}

}
