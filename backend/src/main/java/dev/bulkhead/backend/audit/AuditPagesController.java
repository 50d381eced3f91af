package dev.bulkhead.backend.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * The dashboard's audit log page (administrators only, refused by the server for anyone
 * else): the most recent events matching the filters, with links that export the same
 * selection as JSON lines or CSV through the API.
 */
@Controller
@RequestMapping("/admin/audit")
class AuditPagesController {

	private static final int PAGE_LIMIT = 500;

	private final AuditTrail trail;

	AuditPagesController(AuditTrail trail) {
		this.trail = trail;
	}

	@GetMapping
	String list(Authentication caller, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String action, @RequestParam(required = false) String outcome,
			@RequestParam(required = false) String since, @RequestParam(required = false) String until, Model model) {
		AuditTrail.requireAdmin(caller);
		Map<String, String> filters = new LinkedHashMap<>();
		filters.put("actor", actor);
		filters.put("action", action);
		filters.put("outcome", outcome);
		filters.put("since", since);
		filters.put("until", until);
		model.addAttribute("filters", filters);
		model.addAttribute("events", this.trail.find(AuditQuery.of(actor, action, outcome, since, until, PAGE_LIMIT)));
		model.addAttribute("limit", PAGE_LIMIT);
		String query = filters.entrySet()
			.stream()
			.filter((filter) -> filter.getValue() != null && !filter.getValue().isBlank())
			.map((filter) -> filter.getKey() + "=" + UriUtils.encodeQueryParam(filter.getValue().strip(), "UTF-8"))
			.collect(Collectors.joining("&"));
		model.addAttribute("exportJsonl", "/api/v1/audit/export?format=jsonl" + (query.isEmpty() ? "" : "&" + query));
		model.addAttribute("exportCsv", "/api/v1/audit/export?format=csv" + (query.isEmpty() ? "" : "&" + query));
		return "admin/audit";
	}

}
