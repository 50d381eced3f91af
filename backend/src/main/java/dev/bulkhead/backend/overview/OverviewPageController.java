package dev.bulkhead.backend.overview;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.ArrayList;
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

	private final EventService runtimeEvents;

	private final HostUsage host = new HostUsage(java.nio.file.Path.of("/proc"));

	OverviewPageController(ContainerService containers, AuditTrail audit, TeamAccess access,
			BulkheadProperties properties, EventService runtimeEvents) {
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
		List<OverviewAlert> alerts = new ArrayList<>();
		for (Container c : visible) {
			byState.merge(c.state().wireName(), 1L, Long::sum);
			if (c.oomKilled()) {
				String evidence = (c.memoryAtExit() != null && c.memoryAtExit().peakBytes() != null) ? " (peak "
						+ mib(c.memoryAtExit().peakBytes()) + " of "
						+ ((c.memoryAtExit().limitBytes() != null) ? mib(c.memoryAtExit().limitBytes()) : "no limit")
						+ ")" : "";
				alerts.add(new OverviewAlert(c.id(), c.name(), "killed for running out of memory" + evidence));
			}
			else if (c.error() != null && !c.isRunning()) {
				alerts.add(new OverviewAlert(c.id(), c.name(), "failed: " + c.error()));
			}
		}
		model.addAttribute("total", visible.size());
		model.addAttribute("byState", byState);
		model.addAttribute("alerts", alerts);
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

	static String mib(long bytes) {
		return (bytes / (1024 * 1024)) + " MiB";
	}

}
