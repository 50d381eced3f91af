package dev.bulkhead.backend.events;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.runtime.events.Event;

/**
 * What the runtime did, scoped to what the caller may see: a JSON list, or a live
 * {@code text/event-stream}.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "events", description = "What the runtime did: containers created, started, dead (exit code, OOM), "
		+ "restarted by policy, health changes; images, networks and volumes made and removed")
class EventsApiController {

	private static final String FILTERS = "Filters: since and until (RFC 3339 or Unix seconds), type (container, "
			+ "image, network, volume), action (e.g. die; health_status matches every health change), container "
			+ "(id or name; another team's container answers 404), limit (newest N, default 100, at most 1000). "
			+ "A caller sees the events of their teams' containers, volumes and networks, of shared networks, "
			+ "and of images (shared by every team).";

	private final EventService events;

	private final EventFollower follower;

	EventsApiController(EventService events, JsonMapper json) {
		this.events = events;
		this.follower = new EventFollower(events, json::writeValueAsString, "event");
	}

	@GetMapping("/events")
	@Operation(summary = "Events, oldest first (the newest N that match)",
			description = FILTERS + " With Accept: text/event-stream or stream=true, the events since 'since' "
					+ "are sent and then new ones as they happen, each as an SSE event named 'event' whose id is "
					+ "its time.")
	List<Event> list(@RequestParam(required = false) String since, @RequestParam(required = false) String until,
			@RequestParam(required = false) String type, @RequestParam(required = false) String action,
			@RequestParam(required = false) String container,
			@RequestParam(defaultValue = "" + EventFilter.DEFAULT_LIMIT) int limit) {
		return this.events.list(filter(since, until, type, action, container, limit));
	}

	@GetMapping(value = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Events as a live stream", description = FILTERS)
	void stream(@RequestParam(required = false) String since, @RequestParam(required = false) String until,
			@RequestParam(required = false) String type, @RequestParam(required = false) String action,
			@RequestParam(required = false) String container,
			@RequestParam(defaultValue = "" + EventFilter.DEFAULT_LIMIT) int limit, HttpServletResponse response) {
		this.follower.follow(response, filter(since, until, type, action, container, limit));
	}

	@GetMapping(value = "/events", params = "stream=true")
	@Operation(summary = "Events as a live stream (for clients that cannot set Accept)", description = FILTERS)
	void streamByParameter(@RequestParam(required = false) String since, @RequestParam(required = false) String until,
			@RequestParam(required = false) String type, @RequestParam(required = false) String action,
			@RequestParam(required = false) String container,
			@RequestParam(defaultValue = "" + EventFilter.DEFAULT_LIMIT) int limit, HttpServletResponse response) {
		stream(since, until, type, action, container, limit, response);
	}

	@GetMapping("/containers/{id}/events")
	@Operation(summary = "A container's events, oldest first",
			description = "As GET /api/v1/events?container={id}; 404 for a container the caller cannot see.")
	List<Event> ofContainer(@Parameter(description = "container id or name") @PathVariable String id,
			@RequestParam(required = false) String since, @RequestParam(required = false) String until,
			@RequestParam(required = false) String action,
			@RequestParam(defaultValue = "" + EventFilter.DEFAULT_LIMIT) int limit) {
		return this.events.list(filter(since, until, null, action, id, limit));
	}

	private static EventFilter filter(String since, String until, String type, String action, String container,
			int limit) {
		return new EventFilter(EventFilter.instant(since, "since"), EventFilter.instant(until, "until"), type, action,
				container, limit);
	}

}
