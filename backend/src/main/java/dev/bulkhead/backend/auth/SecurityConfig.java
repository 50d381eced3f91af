package dev.bulkhead.backend.auth;

import java.io.IOException;
import java.util.Set;

import dev.bulkhead.backend.audit.AuditRequestFilter;
import dev.bulkhead.backend.audit.AuditTrail;
import dev.bulkhead.backend.web.ProblemResponses;
import dev.bulkhead.backend.web.WebRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. API requests (native API, Docker-compatible API, OpenAPI document)
 * authenticate with bearer tokens and never create a session; HTTP Basic is accepted only
 * to mint a token. Dashboard requests use form login, a session and CSRF tokens.
 *
 * <p>
 * An API request may also ride on an existing dashboard session (so that the Swagger UI
 * and htmx can call the API); such a request needs a CSRF token when it changes
 * something, because a browser attaches the session cookie to cross-site requests. A
 * request that carries an {@code Authorization} header, or no session cookie, carries no
 * ambient credential and needs none.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(LoginProperties.class)
class SecurityConfig {

	static final String LOGIN_PAGE = "/login";

	/** Where a sign-in refused by the login throttle lands; the page explains it. */
	static final String LOCKED_PAGE = LOGIN_PAGE + "?locked";

	// connect-src is spelled out for the terminal's same-origin WebSocket (browsers match
	// 'self' against ws: and wss: of the page's own host).
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
			+ "form-action 'self'";

	/**
	 * The terminal page's policy: xterm.js sizes and colours its cells through style
	 * elements it writes at run time, so styles (never scripts) may be inline there.
	 * Nothing can load from elsewhere still, so an injected style has nowhere to send
	 * what it reads.
	 */
	static final String TERMINAL_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'",
			"style-src 'self' 'unsafe-inline'");

	private static final RequestMatcher TERMINAL_PAGE = PathPatternRequestMatcher.pathPattern(HttpMethod.GET,
			"/containers/*/terminal");

	/** API answers are data, never pages: nothing may load from them or frame them. */
	static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	// A bean, so that it is the only way to sign in with a password (and Spring Boot does
	// not create its default user with a logged password).
	@Bean
	PasswordAuthenticationProvider passwordAuthenticationProvider(UserRepository users, PasswordEncoder passwordEncoder,
			LoginThrottle throttle, AuditTrail audit) {
		return new PasswordAuthenticationProvider(users, passwordEncoder, throttle, audit);
	}

	@Bean
	@Order(1)
	SecurityFilterChain tokenCreationChain(HttpSecurity http, ApiTokens tokens, ProblemResponses problems,
			AuditTrail audit) throws Exception {
		ApiAuthenticationEntryPoint entryPoint = new ApiAuthenticationEntryPoint(problems);
		apiDefaults(http, tokens, problems, entryPoint, audit)
			.securityMatcher(PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/v1/tokens"))
			.httpBasic((basic) -> basic.authenticationEntryPoint(entryPoint)
				.securityContextRepository(new RequestAttributeSecurityContextRepository()));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain apiChain(HttpSecurity http, ApiTokens tokens, ProblemResponses problems, AuditTrail audit)
			throws Exception {
		apiDefaults(http, tokens, problems, new ApiAuthenticationEntryPoint(problems), audit)
			.securityMatcher(WebRequests::isApi);
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain dashboardChain(HttpSecurity http, ProblemResponses problems, AuditTrail audit)
			throws Exception {
		http.addFilterAfter(new AuditRequestFilter(audit), SecurityContextHolderFilter.class);
		http.addFilterBefore(new CrossSiteRequestFilter(problems), CsrfFilter.class);
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/css/**", "/js/**", "/webjars/**", "/vendor/**", "/favicon.ico", "/error", LOGIN_PAGE)
			.permitAll()
			.anyRequest()
			.authenticated())
			.formLogin((form) -> form.loginPage(LOGIN_PAGE)
				.defaultSuccessUrl("/", false)
				.failureHandler(SecurityConfig::loginFailed)
				.permitAll())
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl(LOGIN_PAGE + "?logout"))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new DashboardAuthenticationEntryPoint(LOGIN_PAGE))
				.accessDeniedHandler(new ProblemAccessDeniedHandler(problems)))
			.headers((headers) -> headers
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(TERMINAL_PAGE),
						new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(TERMINAL_PAGE,
						new ContentSecurityPolicyHeaderWriter(TERMINAL_CONTENT_SECURITY_POLICY)))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
		return http.build();
	}

	private static HttpSecurity apiDefaults(HttpSecurity http, ApiTokens tokens, ProblemResponses problems,
			ApiAuthenticationEntryPoint entryPoint, AuditTrail audit) throws Exception {
		ProblemAccessDeniedHandler accessDenied = new ProblemAccessDeniedHandler(problems);
		return http.addFilterAfter(new AuditRequestFilter(audit), SecurityContextHolderFilter.class)
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(API_CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			.csrf((csrf) -> csrf.requireCsrfProtectionMatcher(SecurityConfig::ridesOnSession))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.addFilterBefore(new BearerTokenAuthenticationFilter(tokens, entryPoint, accessDenied, audit),
					BasicAuthenticationFilter.class);
	}

	/**
	 * Sends a refused form sign-in back to the login page, saying whether it was a lock.
	 * The reason is not put in the address: the page words it without naming the account.
	 */
	private static void loginFailed(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		String target = (exception instanceof LoginLockedException) ? LOCKED_PAGE : LOGIN_PAGE + "?error";
		response.sendRedirect(request.getContextPath() + target);
	}

	/**
	 * Whether a state-changing API request is authenticated only by the session cookie a
	 * browser would attach on its own.
	 */
	static boolean ridesOnSession(HttpServletRequest request) {
		boolean hasSession = request.getRequestedSessionId() != null || request.getSession(false) != null;
		return !SAFE_METHODS.contains(request.getMethod()) && request.getHeader(HttpHeaders.AUTHORIZATION) == null
				&& hasSession;
	}

}
