package dev.bulkhead.backend.audit;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Records sign-ins with a password (form login and HTTP Basic), successful or not, and
 * sign-outs. Only the name that was tried is kept, never the password.
 */
@Component
class AuthenticationAuditListener {

	static final String SIGN_IN = "sign-in";

	static final String SIGN_OUT = "sign-out";

	private final AuditTrail trail;

	AuthenticationAuditListener(AuditTrail trail) {
		this.trail = trail;
	}

	@EventListener
	void onSuccess(AuthenticationSuccessEvent event) {
		Authentication authentication = event.getAuthentication();
		this.trail.record(authentication.getName(), sourceOf(authentication), SIGN_IN, authentication.getName(),
				Outcome.SUCCESS, null);
	}

	@EventListener
	void onFailure(AbstractAuthenticationFailureEvent event) {
		Authentication attempt = event.getAuthentication();
		this.trail.record(attempt.getName(), sourceOf(attempt), SIGN_IN, attempt.getName(), Outcome.DENIED,
				event.getException().getMessage());
	}

	@EventListener
	void onLogout(LogoutSuccessEvent event) {
		Authentication authentication = event.getAuthentication();
		this.trail.record(authentication.getName(), sourceOf(authentication), SIGN_OUT, authentication.getName(),
				Outcome.SUCCESS, null);
	}

	private static String sourceOf(Authentication authentication) {
		return (authentication.getDetails() instanceof WebAuthenticationDetails details) ? details.getRemoteAddress()
				: null;
	}

}
