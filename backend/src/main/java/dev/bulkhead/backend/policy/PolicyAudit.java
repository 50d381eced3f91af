package dev.bulkhead.backend.policy;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.bulkhead.backend.audit.AuditTrail;
import dev.bulkhead.backend.audit.Outcome;
import dev.bulkhead.runtime.containers.AppliedException;

/**
 * Writes the policy's own audit events next to the request records of the audit filter,
 * which say only which route was called: what was granted or revoked, which exceptions a
 * create was admitted under, and why a create was refused. Actions start with
 * {@code policy.}, so {@code GET /api/v1/audit?action=policy.} lists them.
 */
@Component
class PolicyAudit {

	static final String GRANT = "policy.exception.grant";

	static final String REVOKE = "policy.exception.revoke";

	static final String USE = "policy.exception.use";

	static final String DENY = "policy.deny";

	private final AuditTrail trail;

	PolicyAudit(AuditTrail trail) {
		this.trail = trail;
	}

	void granted(String actor, PolicyException exception) {
		this.trail.record(actor, sourceAddress(), GRANT, "exception/" + exception.id(), Outcome.SUCCESS,
				exception.relaxation() + " for " + exception.grantedTo() + " until " + exception.expiresAt()
						+ "; reason: " + exception.reason());
	}

	void revoked(String actor, PolicyException exception) {
		this.trail.record(actor, sourceAddress(), REVOKE, "exception/" + exception.id(), Outcome.SUCCESS,
				exception.relaxation() + " for " + exception.grantedTo());
	}

	void used(String actor, String team, String containerName, AppliedException exception) {
		this.trail.record(actor, sourceAddress(), USE, target(team, containerName), Outcome.SUCCESS,
				"admitted under exception " + exception.id() + " (" + exception.relaxation() + " for "
						+ exception.grantedTo() + ", expires " + exception.expiresAt() + ")");
	}

	void denied(String actor, String team, String containerName, String violations) {
		this.trail.record(actor, sourceAddress(), DENY, target(team, containerName), Outcome.DENIED, violations);
	}

	private static String target(String team, String containerName) {
		return "team/" + team + "/container/" + ((containerName != null) ? containerName : "(unnamed)");
	}

	private static String sourceAddress() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			return attributes.getRequest().getRemoteAddr();
		}
		return null;
	}

}
