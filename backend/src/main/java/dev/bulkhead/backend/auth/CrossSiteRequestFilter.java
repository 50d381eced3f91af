package dev.bulkhead.backend.auth;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import dev.bulkhead.backend.web.ProblemResponses;
import dev.bulkhead.backend.web.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a state-changing dashboard request that a browser says comes from another site:
 * {@code Sec-Fetch-Site: cross-site}, or an {@code Origin} that is not this server's. The
 * CSRF token already stops such requests; this second check does not depend on a page
 * leaking its token. Requests without either header (older browsers, scripts) are left to
 * the CSRF token alone. Not a bean, so it runs only in the dashboard chain.
 */
class CrossSiteRequestFilter extends OncePerRequestFilter {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final ProblemResponses problems;

	CrossSiteRequestFilter(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!SAFE_METHODS.contains(request.getMethod()) && isCrossSite(request)) {
			this.problems.write(
					ProblemTypes.of(HttpStatus.FORBIDDEN, "forbidden",
							"a request from another site may not change anything here; use the dashboard's own pages"),
					request, response);
			return;
		}
		chain.doFilter(request, response);
	}

	static boolean isCrossSite(HttpServletRequest request) {
		if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
			return true;
		}
		String origin = request.getHeader("Origin");
		if (origin == null) {
			return false;
		}
		if (origin.equals("null")) {
			// Sandboxed frames and some redirects send an opaque origin.
			return true;
		}
		try {
			URI uri = URI.create(origin);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : "";
			return !scheme.equals(request.getScheme().toLowerCase(Locale.ROOT))
					|| !host.equals(request.getServerName().toLowerCase(Locale.ROOT))
					|| port(uri.getPort(), scheme) != request.getServerPort();
		}
		catch (IllegalArgumentException ex) {
			return true;
		}
	}

	private static int port(int port, String scheme) {
		if (port != -1) {
			return port;
		}
		return "https".equals(scheme) ? 443 : 80;
	}

}
