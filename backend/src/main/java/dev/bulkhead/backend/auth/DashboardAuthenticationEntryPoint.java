package dev.bulkhead.backend.auth;

import java.io.IOException;

import dev.bulkhead.backend.web.WebRequests;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * Sends a browser to the login page. An htmx request whose session ran out gets
 * {@code HX-Redirect} instead, so that the whole page goes to the login form rather than
 * the form being swapped into a table cell.
 */
class DashboardAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final String loginPage;

	private final LoginUrlAuthenticationEntryPoint redirect;

	DashboardAuthenticationEntryPoint(String loginPage) {
		this.loginPage = loginPage;
		this.redirect = new LoginUrlAuthenticationEntryPoint(loginPage);
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException, ServletException {
		if (WebRequests.isHtmx(request)) {
			response.setStatus(HttpStatus.UNAUTHORIZED.value());
			response.setHeader("HX-Redirect", request.getContextPath() + this.loginPage);
			return;
		}
		this.redirect.commence(request, response, exception);
	}

}
