package dev.bulkhead.backend.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.bulkhead.runtime.errors.ForbiddenException;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Records and reads audit events. Services do not record requests themselves (the request
 * filter does); they may only {@link #markDenied say} that a refusal which does not look
 * like one (a 404 that hides another team's container) was an access decision.
 */
@Service
public class AuditTrail {

	private static final String ADMIN_AUTHORITY = "ROLE_ADMIN";

	static final String DENIED_ATTRIBUTE = AuditTrail.class.getName() + ".denied";

	static final String TARGET_ATTRIBUTE = AuditTrail.class.getName() + ".target";

	private final AuditRepository repository;

	private final Clock clock = Clock.systemUTC();

	AuditTrail(AuditRepository repository) {
		this.repository = repository;
	}

	public void record(String actor, String sourceAddress, String action, String target, Outcome outcome,
			String detail) {
		this.repository.insert(this.clock.instant().truncatedTo(ChronoUnit.MICROS), actor, sourceAddress, action,
				target, outcome, detail);
	}

	List<AuditEvent> find(AuditQuery query) {
		return this.repository.find(query);
	}

	/**
	 * The most recent events, newest first, that the given filter lets through (callers
	 * filter by what the signed-in user may see). Looks at most {@code window} events
	 * back.
	 */
	public List<AuditEvent> recent(java.util.function.Predicate<AuditEvent> visible, int limit, int window) {
		List<AuditEvent> oldestFirst = this.repository.find(new AuditQuery(null, null, null, window));
		List<AuditEvent> picked = new java.util.ArrayList<>();
		for (int i = oldestFirst.size() - 1; i >= 0 && picked.size() < limit; i--) {
			if (visible.test(oldestFirst.get(i))) {
				picked.add(oldestFirst.get(i));
			}
		}
		return picked;
	}

	/**
	 * Marks the current request, if there is one, as refused by an access rule, so that
	 * its audit record says {@code denied} with this reason whatever status it ends with.
	 */
	public static void markDenied(String reason) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes != null) {
			attributes.setAttribute(DENIED_ATTRIBUTE, reason, RequestAttributes.SCOPE_REQUEST);
		}
	}

	/**
	 * Names the subject of the current request, if there is one, in its audit record in
	 * place of the path: for a dashboard form whose subject is a form field (the registry
	 * of a login), so that the record names it as the API's path would.
	 */
	public static void nameTarget(String target) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes != null) {
			attributes.setAttribute(TARGET_ATTRIBUTE, target, RequestAttributes.SCOPE_REQUEST);
		}
	}

	/** Refuses anyone but an administrator: the audit trail is theirs to read. */
	static void requireAdmin(Authentication caller) {
		boolean admin = caller != null
				&& caller.getAuthorities().stream().anyMatch((a) -> ADMIN_AUTHORITY.equals(a.getAuthority()));
		if (!admin) {
			throw new ForbiddenException("the audit trail is for administrators only; ask an administrator");
		}
	}

	Instant now() {
		return this.clock.instant();
	}

}
