package dev.bulkhead.backend.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Reading the audit trail: for administrators only.
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "audit", description = "Who did what, when, from where, with what outcome (administrators only)")
class AuditApiController {

	private static final String ADMIN_AUTHORITY = "ROLE_ADMIN";

	private final AuditTrail trail;

	private final JsonMapper json;

	AuditApiController(AuditTrail trail, JsonMapper json) {
		this.trail = trail;
		this.json = json;
	}

	@GetMapping
	@Operation(summary = "The most recent matching events, oldest first")
	List<AuditEvent> find(Authentication caller, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String action, @RequestParam(required = false) String since,
			@RequestParam(defaultValue = "1000") int limit) {
		requireAdmin(caller);
		return this.trail.find(new AuditQuery(actor, action, parseSince(since), limit));
	}

	@GetMapping("/export")
	@Operation(summary = "Export matching events as JSON lines or CSV")
	ResponseEntity<String> export(Authentication caller, @RequestParam(defaultValue = "jsonl") String format,
			@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String since) {
		requireAdmin(caller);
		List<AuditEvent> events = this.trail
			.find(new AuditQuery(actor, action, parseSince(since), AuditQuery.MAX_LIMIT));
		return switch (format) {
			case "jsonl" -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType("application/jsonl"))
				.body(events.stream().map(this.json::writeValueAsString).collect(Collectors.joining("\n", "", "\n")));
			case "csv" ->
				ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv")).body(AuditCsv.of(events));
			default -> throw new InvalidArgumentException("format must be 'jsonl' or 'csv', not '" + format + "'");
		};
	}

	private static void requireAdmin(Authentication caller) {
		boolean admin = caller != null
				&& caller.getAuthorities().stream().anyMatch((a) -> ADMIN_AUTHORITY.equals(a.getAuthority()));
		if (!admin) {
			throw new ForbiddenException("the audit trail is for administrators only; ask an administrator");
		}
	}

	private static Instant parseSince(String since) {
		if (since == null || since.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(since);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidArgumentException(
					"since must be an RFC 3339 time such as 2026-01-02T15:04:05Z, not '" + since + "'");
		}
	}

}
