package dev.bulkhead.backend.auth;

import java.io.IOException;
import java.util.Set;

import dev.bulkhead.backend.audit.AuditTrail;
import dev.bulkhead.backend.audit.Outcome;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} requests against the stored token
 * hashes. A request without a bearer token passes through untouched (another mechanism or
 * the entry point deals with it); a request with a bad one is refused at once, so that a
 * typo never silently falls back to anonymous access, and the refusal is audited. A
 * read-only token is refused for anything but GET and HEAD. Deliberately not a bean: a
 * filter bean would also be registered for every request outside the security chains.
 */
class BearerTokenAuthenticationFilter extends OncePerRequestFilter {

	static final String TOKEN_REFUSED = "token-refused";

	private static final String SCHEME = "Bearer ";

	private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

	private final ApiTokens tokens;

	private final AuthenticationEntryPoint entryPoint;

	private final AccessDeniedHandler accessDenied;

	private final AuditTrail audit;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final WebAuthenticationDetailsSource details = new WebAuthenticationDetailsSource();

	BearerTokenAuthenticationFilter(ApiTokens tokens, AuthenticationEntryPoint entryPoint,
			AccessDeniedHandler accessDenied, AuditTrail audit) {
		this.tokens = tokens;
		this.entryPoint = entryPoint;
		this.accessDenied = accessDenied;
		this.audit = audit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			chain.doFilter(request, response);
			return;
		}
		ApiTokens.TokenCheck check = this.tokens.check(header.substring(SCHEME.length()).trim());
		if (check.user().isEmpty()) {
			this.contexts.clearContext();
			String actor = (check.knownOwner() != null) ? check.knownOwner().username() : null;
			this.audit.record(actor, request.getRemoteAddr(), TOKEN_REFUSED,
					request.getMethod() + " " + request.getRequestURI(), Outcome.DENIED, check.refusal());
			this.entryPoint.commence(request, response, new InvalidBearerTokenException());
			return;
		}
		BulkheadUser user = check.user().get();
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(user,
				null, Authorities.of(user, check.scope()));
		authentication.setDetails(this.details.buildDetails(request));
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(authentication);
		this.contexts.setContext(context);
		if (check.scope() == TokenScope.READ && !READ_METHODS.contains(request.getMethod())) {
			this.accessDenied.handle(request, response, new ReadOnlyTokenException(request.getMethod()));
			return;
		}
		chain.doFilter(request, response);
	}

}
