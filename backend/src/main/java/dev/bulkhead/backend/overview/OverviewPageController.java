package dev.bulkhead.backend.overview;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.bulkhead.backend.audit.AuditEvent;
import dev.bulkhead.backend.audit.AuditTrail;
import dev.bulkhead.backend.events.EventService;
import dev.bulkhead.backend.containers.ContainerService;
import dev.bulkhead.backend.system.BulkheadProperties;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.backend.teams.TeamQuotas;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.stats.HostUsage;

/**
 * The page a person lands on after signing in.
 */
@Controller
class OverviewPageController {

	private static final int AUDIT_SHOWN = 10;

	private static final int AUDIT_WINDOW = 500;

	private static final int RUNTIME_EVENTS_SHOWN = 10;

	private final ContainerService containers;

	private final AuditTrail audit;

	private final TeamAccess access;

	private final BulkheadProperties properties;

	private final TeamQuotas quotas;

	private final EventService runtimeEvents;

	private final HostUsage host = new HostUsage(java.nio.file.Path.of("/proc"));

	OverviewPageController(ContainerService containers, AuditTrail audit, TeamAccess access,
			BulkheadProperties properties, TeamQuotas quotas, EventService runtimeEvents) {
		this.quotas = quotas;
		this.runtimeEvents = runtimeEvents;
		this.containers = containers;
		this.audit = audit;
		this.access = access;
		this.properties = properties;
	}

	@GetMapping("/overview")
	String overview(Model model) {
		List<Container> visible = this.containers.list();
		Map<String, Long> byState = new TreeMap<>();
		for (Container c : visible) {
			byState.merge(c.state().wireName(), 1L, Long::sum);
		}
		model.addAttribute("total", visible.size());
		model.addAttribute("byState", byState);
		model.addAttribute("alerts", OverviewAlerts.of(visible, java.time.Instant.now()));
		model.addAttribute("quotas", this.quotas.quotaUseOf(this.access.caller()).stream().map(QuotaCard::of).toList());
		model.addAttribute("host", this.host.read());
		model.addAttribute("disk", disk());
		model.addAttribute("events", this.audit.recent(aboutVisible(visible), AUDIT_SHOWN, AUDIT_WINDOW));
		model.addAttribute("runtimeEvents", this.runtimeEvents.recent(RUNTIME_EVENTS_SHOWN));
		return "overview";
	}

	/**
	 * Events about containers the caller can see (their id, short id or name in the
	 * path), and the caller's own; an administrator sees every event.
	 */
	private Predicate<AuditEvent> aboutVisible(List<Container> visible) {
		var caller = this.access.caller();
		if (caller.admin()) {
			return (event) -> true;
		}
		java.util.Set<String> names = new java.util.HashSet<>();
		for (Container c : visible) {
			names.add(c.id());
			names.add(c.shortId());
			names.add(c.name());
		}
		return (event) -> caller.username().equals(event.actor()) || (event.target() != null
				&& java.util.Arrays.stream(event.target().split("[/?]")).anyMatch(names::contains));
	}

	private DiskUsage disk() {
		try {
			FileStore store = Files.getFileStore(this.properties.dataRoot());
			return new DiskUsage(this.properties.dataRoot().toString(), store.getTotalSpace(), store.getUsableSpace());
		}
		catch (IOException ex) {
			return new DiskUsage(this.properties.dataRoot().toString(), 0, 0);
		}
	}

}
