package dev.bulkhead.backend.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.core.annotation.AuthenticationPrincipal;

/**
 * Marks a controller method parameter of type {@link BulkheadUser} that receives the
 * caller: {@code ResponseEntity<?> create(@CurrentUser BulkheadUser user, ...)}. It fails
 * loudly if the principal is of another type rather than passing {@code null}.
 */
@Target({ ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AuthenticationPrincipal(errorOnInvalidType = true)
public @interface CurrentUser {

}
