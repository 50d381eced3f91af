package dev.bulkhead.backend.containers;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.backend.web.ServerSentEvents;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.stats.ContainerStats;
import dev.bulkhead.runtime.stats.ContainerStatsReader;
import dev.bulkhead.runtime.stats.ProcessInfo;

/**
 * Resource figures and processes of a running container, for a viewer of its team.
 */
@RestController
@RequestMapping("/api/v1/containers")
@Tag(name = "containers")
class ContainerStatsApiController {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private final ContainerMonitoring monitoring;

	private final JsonMapper json;

	ContainerStatsApiController(ContainerMonitoring monitoring, JsonMapper json) {
		this.monitoring = monitoring;
		this.json = json;
	}

	@GetMapping("/{id}/stats")
	@Operation(summary = "Resource use of a running container",
			description = "CPU (total time, percent of one CPU over a quarter second, CFS throttling), memory "
					+ "(usage, working set = usage less inactive page cache, limit, peak), pids, network totals of "
					+ "the container's namespace without loopback, block I/O. With stream=true: server-sent events "
					+ "named 'stats', one per second, until the client leaves or the container stops (then an "
					+ "'end' event with its state). 409 when the container is not running.")
	ContainerStats stats(@PathVariable String id,
			@Parameter(description = "true for a text/event-stream of readings") @RequestParam(
					defaultValue = "false") boolean stream) {
		return this.monitoring.stats(id);
	}

	@GetMapping(value = "/{id}/stats", params = "stream=true", produces = "text/event-stream")
	@Operation(summary = "Resource use of a running container as server-sent events, one 'stats' event a second",
			description = "Ends with an 'end' event {\"state\"} when the container stops or is removed; "
					+ "409 before the stream starts when it is not running.")
	void streamStats(@PathVariable String id, HttpServletResponse response) {
		String resolved = this.monitoring.resolve(id);
		ContainerStats previous = this.monitoring.readRunning(resolved);
		ServerSentEvents events = new ServerSentEvents(response);
		if (!events.open(INTERVAL) || !events.send("stats", this.json.writeValueAsString(previous))) {
			return;
		}
		while (ServerSentEvents.pause(INTERVAL)) {
			Optional<ContainerStats> next;
			String state;
			try {
				next = this.monitoring.read(resolved);
				state = next.isPresent() ? null : this.monitoring.container(resolved).state().wireName();
			}
			catch (NotFoundException ex) {
				next = Optional.empty();
				state = "removed";
			}
			if (next.isEmpty()) {
				events.send("end", this.json.writeValueAsString(Map.of("state", state)));
				return;
			}
			if (!events.send("stats",
					this.json.writeValueAsString(ContainerStatsReader.withCpuPercent(previous, next.get())))) {
				return;
			}
			previous = next.get();
		}
	}

	@GetMapping("/{id}/top")
	@Operation(summary = "The processes of a running container",
			description = "From the container's cgroup and /proc: host pid, pid inside the container, parent, "
					+ "user (named by the container's /etc/passwd), state, resident memory, CPU time, command "
					+ "line. 409 when the container is not running.")
	List<ProcessInfo> top(@PathVariable String id) {
		return this.monitoring.top(id);
	}

}
