package dev.bulkhead.backend.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The Events tab of a container's page: its events newest first, and a stream that adds
 * new ones at the top as they happen. Another team's container answers 404, as its page
 * does.
 */
@Controller
@RequestMapping("/containers")
class EventPagesController {

	/** Rows the tab shows when it opens. */
	static final int SHOWN = 200;

	private final EventService events;

	private final EventFollower rows;

	EventPagesController(EventService events) {
		this.events = events;
		this.rows = new EventFollower(events, (event) -> EventLine.of(event).row(), "event");
	}

	@GetMapping("/{id}/events")
	String tab(@PathVariable String id, Model model) {
		List<EventLine> lines = new ArrayList<>(this.events.list(new EventFilter(null, null, null, null, id, SHOWN))
			.stream()
			.map(EventLine::of)
			.toList());
		Collections.reverse(lines);
		model.addAttribute("id", id);
		model.addAttribute("events", lines);
		// the stream goes on from the newest row shown (or from now, when there is none)
		model.addAttribute("after", lines.isEmpty() ? Instant.now() : lines.get(0).time());
		return "events/container :: events";
	}

	@GetMapping(value = "/{id}/events/stream", produces = "text/event-stream")
	void stream(@PathVariable String id, @RequestParam(required = false) String after, HttpServletResponse response) {
		Instant since = EventFilter.instant(after, "after");
		this.rows.follow(response,
				new EventFilter((since != null) ? since : Instant.now(), null, null, null, id, EventFilter.MAX_LIMIT));
	}

}
