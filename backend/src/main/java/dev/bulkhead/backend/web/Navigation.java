package dev.bulkhead.backend.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Where the browser goes after a dashboard action. An htmx request gets
 * {@code HX-Redirect} on a 204: a 302 would be followed silently by the browser's
 * XMLHttpRequest and the page would never move. A plain form post gets 303 See Other.
 */
public final class Navigation {

	public static final String HX_REDIRECT = "HX-Redirect";

	private Navigation() {
	}

	public static ResponseEntity<Void> redirect(HttpServletRequest request, String path) {
		if (WebRequests.isHtmx(request)) {
			return ResponseEntity.noContent().header(HX_REDIRECT, path).build();
		}
		return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(path)).build();
	}

}
