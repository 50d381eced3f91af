package dev.bulkhead.backend.containers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

import dev.bulkhead.backend.web.ServerSentEvents;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.errors.BulkheadException;
import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.runner.CriLogReader;

/**
 * The live parts of the dashboard: the event stream that tells the containers list which
 * rows changed, a container's log as it grows, its processes, and bulk actions on the
 * list. Streams are written on the request's thread with the caller's own access, so a
 * list stream never mentions another team's container.
 */
@Controller
@RequestMapping("/containers")
class ContainerLivePagesController {

	private static final Logger log = LoggerFactory.getLogger(ContainerLivePagesController.class);

	private static final Duration TICK = Duration.ofSeconds(1);

	private final ContainerService containers;

	private final ContainerMonitoring monitoring;

	ContainerLivePagesController(ContainerService containers, ContainerMonitoring monitoring) {
		this.containers = containers;
		this.monitoring = monitoring;
	}

	/**
	 * Events for the list: {@code c-<id>} when that container's state, exit or error
	 * changed (the row fetches itself again) followed by {@code changed} (a filtered list
	 * fetches its rows again), {@code rows} when containers came or went. The caller's
	 * visible containers are listed again on every tick.
	 */
	@GetMapping(value = "/events", produces = "text/event-stream")
	void events(HttpServletResponse response) {
		ServerSentEvents events = new ServerSentEvents(response);
		if (!events.open(TICK)) {
			return;
		}
		Map<String, String> known = signatures(this.containers.list());
		while (ServerSentEvents.pause(TICK)) {
			Map<String, String> now;
			try {
				now = signatures(this.containers.list());
			}
			catch (RuntimeException ex) {
				// The response is committed: no problem can be written any more. This
				// happens when the server stops (its database closes) under an open
				// stream; the browser reconnects to a server that is up again.
				log.debug("Ending the containers event stream: {}", ex.getMessage());
				return;
			}
			boolean sent = true;
			if (!now.keySet().equals(known.keySet())) {
				sent = events.send("rows", "changed");
			}
			else {
				boolean changed = false;
				for (Map.Entry<String, String> entry : now.entrySet()) {
					if (sent && !entry.getValue().equals(known.get(entry.getKey()))) {
						sent = events.send("c-" + entry.getKey(), entry.getValue());
						changed = true;
					}
				}
				// A filtered list listens to this too: a container may now match it.
				if (sent && changed) {
					sent = events.send("changed", "any");
				}
			}
			known = now;
			if (!sent || !events.keepAlive()) {
				return;
			}
		}
	}

	private static Map<String, String> signatures(List<Container> list) {
		Map<String, String> signatures = new HashMap<>();
		for (Container c : list) {
			signatures.put(c.id(), c.state().wireName() + "|" + c.exitCode() + "|" + c.oomKilled() + "|"
					+ Objects.hashCode(c.error()));
		}
		return signatures;
	}

	/**
	 * One row again after its container changed; nothing (the row goes) when it no longer
	 * matches the list's search box and state filter.
	 */
	@GetMapping("/{id}/row")
	String row(@PathVariable String id, @RequestParam(required = false) String q,
			@RequestParam(required = false) String state, Model model) {
		Container container = this.containers.get(id);
		// The row fragment repeats over "containers": give it exactly this one.
		model.addAttribute("c", container);
		model.addAttribute("containers", ContainerFilter.of(q, state).apply(List.of(container)));
		return "containers/list :: row";
	}

	/**
	 * The log as it grows: {@code log} events, each holding lines of HTML, for entries
	 * newer than {@code after} (the last line the page already shows). Each event's id is
	 * {@code <time of its last line>#<lines sent at that time>}, so a browser that
	 * reconnects (and sends {@code Last-Event-ID}) gets no line twice.
	 */
	@GetMapping(value = "/{id}/logs/stream", produces = "text/event-stream")
	void followLogs(@PathVariable String id, @RequestParam(required = false) Instant after,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, HttpServletResponse response) {
		String resolved = this.monitoring.resolve(id);
		Instant cursor = after;
		int sentAtCursor = -1;
		if (lastEventId != null && lastEventId.contains("#")) {
			try {
				cursor = Instant.parse(lastEventId.substring(0, lastEventId.indexOf('#')));
				sentAtCursor = Integer.parseInt(lastEventId.substring(lastEventId.indexOf('#') + 1));
			}
			catch (RuntimeException ex) {
				throw new InvalidArgumentException("Last-Event-ID '" + lastEventId + "' is not one this stream sent");
			}
		}
		ServerSentEvents events = new ServerSentEvents(response);
		if (!events.open(TICK)) {
			return;
		}
		do {
			List<CriLogReader.Entry> entries;
			try {
				entries = this.monitoring.logsSince(resolved, cursor);
			}
			catch (NotFoundException ex) {
				// Removed while someone watched its log: say so and end (the page's
				// sse-close).
				events.send("end", "removed");
				return;
			}
			// -1: everything at the cursor's own time was shown with the page already.
			int skip = (cursor == null) ? 0 : (sentAtCursor < 0) ? countAt(entries, cursor) : sentAtCursor;
			List<CriLogReader.Entry> fresh = entries.subList(Math.min(skip, entries.size()), entries.size());
			if (!fresh.isEmpty()) {
				StringBuilder html = new StringBuilder();
				for (CriLogReader.Entry entry : fresh) {
					html.append(line(entry));
				}
				Instant last = fresh.get(fresh.size() - 1).time();
				sentAtCursor = last.equals(cursor) ? skip + fresh.size() : countAt(entries, last);
				cursor = last;
				if (!events.send("log", html.toString(), cursor + "#" + sentAtCursor)) {
					return;
				}
			}
			if (!events.keepAlive()) {
				return;
			}
		}
		while (ServerSentEvents.pause(TICK));
	}

	/** Entries at exactly {@code time} at the head of a list read from that time on. */
	private static int countAt(List<CriLogReader.Entry> entries, Instant time) {
		int count = 0;
		for (CriLogReader.Entry entry : entries) {
			if (entry.time().equals(time)) {
				count++;
			}
		}
		return count;
	}

	static String line(CriLogReader.Entry entry) {
		String stream = (entry.stream() == CriLogReader.Stream.STDERR) ? "stderr" : "stdout";
		return "<span class=\"line " + stream + "\">" + HtmlUtils.htmlEscape(entry.text()) + "</span>";
	}

	@GetMapping("/{id}/processes")
	String processes(@PathVariable String id, Model model) {
		try {
			model.addAttribute("processes", this.monitoring.top(id));
		}
		catch (ConflictException ex) {
			model.addAttribute("notRunning", ex.getMessage());
		}
		return "containers/detail :: processes";
	}

	/**
	 * Start, stop or remove the selected containers; the rows come back with what
	 * happened to each, and failures are listed in the page's error area.
	 */
	@PostMapping(value = "/bulk", params = "action")
	String bulk(@RequestParam String action, @RequestParam(name = "ids", required = false) List<String> ids,
			@RequestParam(required = false) String q, @RequestParam(required = false) String state, Model model) {
		ContainerFilter filter = ContainerFilter.of(q, state);
		if (!Set.of("start", "stop", "remove").contains(action)) {
			throw new InvalidArgumentException("bulk action must be start, stop or remove, not '" + action + "'");
		}
		if (ids == null || ids.isEmpty()) {
			throw new InvalidArgumentException("select at least one container first");
		}
		List<String> failures = new ArrayList<>();
		for (String id : ids) {
			try {
				switch (action) {
					case "start" -> this.containers.start(id);
					case "stop" -> this.containers.stop(id, null);
					default -> this.containers.remove(id, true);
				}
			}
			catch (BulkheadException ex) {
				failures.add(ex.getMessage());
			}
		}
		model.addAttribute("containers", filter.apply(this.containers.list()));
		model.addAttribute("filter", filter);
		model.addAttribute("failures", failures);
		return "containers/bulk-result";
	}

}
