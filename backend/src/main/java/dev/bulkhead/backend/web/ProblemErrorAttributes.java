package dev.bulkhead.backend.web;

import java.util.Map;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * Gives the error page the problem that {@link ProblemResponses} chose, so a browser sees
 * the same words an API client would.
 */
@Component
class ProblemErrorAttributes extends DefaultErrorAttributes {

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
		Map<String, Object> attributes = super.getErrorAttributes(request, options);
		Object problem = request.getAttribute(ProblemResponses.PROBLEM_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		if (problem instanceof ProblemDetail detail) {
			attributes.put("problem", detail);
		}
		return attributes;
	}

}
