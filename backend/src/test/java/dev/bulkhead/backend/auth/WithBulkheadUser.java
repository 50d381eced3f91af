package dev.bulkhead.backend.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.WithSecurityContext;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

/**
 * Runs a test as a signed-in {@link BulkheadUser}, the principal every real sign-in
 * produces (unlike {@code @WithMockUser}, whose principal {@code @CurrentUser} refuses).
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithBulkheadUser.Factory.class)
public @interface WithBulkheadUser {

	long id() default 1;

	String username() default "admin";

	boolean admin() default true;

	/**
	 * Builds the security context for {@link WithBulkheadUser}.
	 */
	final class Factory implements WithSecurityContextFactory<WithBulkheadUser> {

		@Override
		public SecurityContext createSecurityContext(WithBulkheadUser annotation) {
			BulkheadUser user = new BulkheadUser(annotation.id(), annotation.username(), annotation.admin());
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context
				.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, Authorities.of(user)));
			return context;
		}

	}

}
