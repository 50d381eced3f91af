package dev.bulkhead.backend.audit;

import java.util.List;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Reading the audit trail: for administrators only.
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "audit", description = "Who did what, when, from where, with what outcome (administrators only)")
class AuditApiController {

	private final AuditTrail trail;

	private final JsonMapper json;

	AuditApiController(AuditTrail trail, JsonMapper json) {
		this.trail = trail;
		this.json = json;
	}

	@GetMapping
	@Operation(summary = "The most recent matching events, oldest first",
			description = "Filters: actor (exact username), action (contains), outcome (success, denied, failed), "
					+ "since and until (RFC 3339 times).")
	List<AuditEvent> find(Authentication caller, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String action, @RequestParam(required = false) String outcome,
			@RequestParam(required = false) String since, @RequestParam(required = false) String until,
			@RequestParam(defaultValue = "1000") int limit) {
		AuditTrail.requireAdmin(caller);
		return this.trail.find(AuditQuery.of(actor, action, outcome, since, until, limit));
	}

	@GetMapping("/export")
	@Operation(summary = "Export matching events as JSON lines or CSV",
			description = "format=jsonl (default) or csv; the same filters as the list.")
	ResponseEntity<String> export(Authentication caller, @RequestParam(defaultValue = "jsonl") String format,
			@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String since,
			@RequestParam(required = false) String until) {
		AuditTrail.requireAdmin(caller);
		List<AuditEvent> events = this.trail
			.find(AuditQuery.of(actor, action, outcome, since, until, AuditQuery.MAX_LIMIT));
		return switch (format) {
			case "jsonl" -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType("application/jsonl"))
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"bulkhead-audit.jsonl\"")
				.body(events.stream().map(this.json::writeValueAsString).collect(Collectors.joining("\n", "", "\n")));
			case "csv" -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType("text/csv"))
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"bulkhead-audit.csv\"")
				.body(AuditCsv.of(events));
			default -> throw new InvalidArgumentException("format must be 'jsonl' or 'csv', not '" + format + "'");
		};
	}

}
