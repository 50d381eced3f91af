package dev.bulkhead.backend.dockerapi;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs before security on every request. On the socket it serves only the Docker API:
 * unversioned paths (which dockerd accepts, and which clients use before negotiating) are
 * read as the current version, so the dashboard is never reachable there. On both the
 * socket and the HTTP port it refuses API versions Bulkhead does not speak, and it adds
 * the headers Docker clients read ({@code Api-Version}, {@code Ostype}).
 */
class DockerRequestFilter extends OncePerRequestFilter {

	private static final String PING = "/_ping";

	private final JsonMapper json = JsonMapper.builder().build();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		boolean socket = DockerSocket.SERVER_NAME.equals(request.getServerName());
		DockerApiVersion version = DockerApiVersion.ofPath(path);
		boolean docker = socket || version != null || path.equals(PING);
		if (!docker) {
			chain.doFilter(request, response);
			return;
		}
		response.setHeader("Api-Version", DockerApiVersion.CURRENT.toString());
		response.setHeader("Ostype", "linux");
		response.setHeader("Docker-Experimental", "false");
		if (version != null && version.refusal() != null) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			response.setContentType("application/json");
			response.getOutputStream()
				.write(this.json.writeValueAsBytes(java.util.Map.of("message", version.refusal())));
			return;
		}
		if (version == null && !path.equals(PING)) {
			String versioned = request.getContextPath() + "/v" + DockerApiVersion.CURRENT + path;
			chain.doFilter(new HttpServletRequestWrapper(request) {
				@Override
				public String getRequestURI() {
					return versioned;
				}

				@Override
				public StringBuffer getRequestURL() {
					return new StringBuffer("http://" + DockerSocket.SERVER_NAME + versioned);
				}

				@Override
				public String getServletPath() {
					return versioned.substring(request.getContextPath().length());
				}
			}, response);
			return;
		}
		chain.doFilter(request, response);
	}

	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		FilterRegistrationBean<DockerRequestFilter> dockerRequestFilter() {
			FilterRegistrationBean<DockerRequestFilter> registration = new FilterRegistrationBean<>(
					new DockerRequestFilter());
			// before Spring Security's chain, which decides by path what a request is
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
			return registration;
		}

	}

}
