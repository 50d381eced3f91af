package dev.bulkhead.backend.dockerapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.backend.containers.ContainerService;
import dev.bulkhead.backend.containers.LogFollower;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.runner.CriLogReader;

/**
 * Docker's container endpoints, translated onto {@link ContainerService}: the same access
 * rules (404 for another team's containers), quotas and policy admission as the native
 * API.
 */
@RestController
@RequestMapping(DockerApiVersion.PREFIX + "/containers")
@Tag(name = "docker")
class DockerContainersController {

	/** As long as the native API lets a wait last. */
	private static final int MAX_WAIT_SECONDS = 3600;

	private final ContainerService containers;

	private final tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	DockerContainersController(ContainerService containers) {
		this.containers = containers;
	}

	@GetMapping("/json")
	@Operation(summary = "Docker: list containers (all, filters by id, name, status, label)")
	List<Map<String, Object>> list(@RequestParam(defaultValue = "false") String all,
			@RequestParam(required = false) String filters) {
		DockerFilters wanted = DockerFilters.parse(filters);
		boolean everything = DockerFilters.truthy(all);
		Instant now = Instant.now();
		return this.containers.list()
			.stream()
			.filter((c) -> everything || c.isRunning() || wanted.has("status"))
			.filter(wanted::matches)
			.map((c) -> DockerContainerJson.summary(c, now))
			.toList();
	}

	@PostMapping("/create")
	@Operation(summary = "Docker: create a container; goes through policy admission and team quotas")
	ResponseEntity<Map<String, Object>> create(@RequestParam(required = false) String name,
			@RequestBody JsonNode body) {
		Container created = this.containers.create(DockerContainerCreate.toConfig(name, body));
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(Map.of("Id", created.id(), "Warnings", created.warnings()));
	}

	@GetMapping("/{id}/json")
	@Operation(summary = "Docker: inspect a container")
	Map<String, Object> inspect(@PathVariable String id) {
		return DockerContainerJson.inspect(this.containers.get(id));
	}

	@PostMapping("/{id}/start")
	@Operation(summary = "Docker: start a container (304 when it runs already)")
	ResponseEntity<Void> start(@PathVariable String id) {
		// await with no time checks the operator role first, then reads the state
		if (this.containers.await(id, 0).isRunning()) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).build();
		}
		this.containers.start(id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/stop")
	@Operation(summary = "Docker: stop a container (t: seconds before SIGKILL; 304 when it is not running)")
	ResponseEntity<Void> stop(@PathVariable String id, @RequestParam(name = "t", required = false) Integer timeout) {
		if (!this.containers.await(id, 0).isRunning()) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).build();
		}
		this.containers.stop(id, timeout);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/restart")
	@Operation(summary = "Docker: restart a container")
	ResponseEntity<Void> restart(@PathVariable String id, @RequestParam(name = "t", required = false) Integer timeout) {
		this.containers.restart(id, timeout);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/kill")
	@Operation(summary = "Docker: send a signal (default KILL)")
	ResponseEntity<Void> kill(@PathVariable String id, @RequestParam(defaultValue = "KILL") String signal) {
		this.containers.kill(id, signal);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/pause")
	@Operation(summary = "Docker: freeze a container")
	ResponseEntity<Void> pause(@PathVariable String id) {
		this.containers.pause(id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/unpause")
	@Operation(summary = "Docker: thaw a container")
	ResponseEntity<Void> unpause(@PathVariable String id) {
		this.containers.unpause(id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/rename")
	@Operation(summary = "Docker: rename a container")
	ResponseEntity<Void> rename(@PathVariable String id, @RequestParam String name) {
		this.containers.rename(id, name);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/wait")
	@Operation(summary = "Docker: wait for the container to exit (condition not-running or next-exit)",
			description = "The status line and headers are sent at once, the body when the container exits: "
					+ "docker run waits for the headers before it starts the container.")
	void await(@PathVariable String id, @RequestParam(defaultValue = "not-running") String condition,
			HttpServletResponse response) throws IOException, InterruptedException {
		if (!List.of("not-running", "next-exit", "removed").contains(condition)) {
			throw new InvalidArgumentException(
					"condition must be not-running, next-exit or removed, not '" + condition + "'");
		}
		// checks the operator role (and that the caller sees it) before the headers go
		Container before = this.containers.await(id, 0);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("application/json");
		response.flushBuffer();
		Map<String, Object> body = new LinkedHashMap<>();
		try {
			// docker run sends its wait (next-exit, or removed with --rm) before the
			// start
			boolean created = before.state() == dev.bulkhead.runtime.containers.ContainerState.CREATED;
			if ((condition.equals("next-exit") && !before.isRunning()) || (condition.equals("removed") && created)) {
				awaitStart(id, before);
			}
			Container exited = this.containers.await(id, MAX_WAIT_SECONDS);
			body.put("StatusCode", (exited.exitCode() != null) ? exited.exitCode() : 0);
			if (exited.error() != null) {
				body.put("Error", Map.of("Message", exited.error()));
			}
			if (condition.equals("removed") && !exited.isRunning()
					&& "true".equals(exited.config().labels().get(DockerContainerCreate.AUTO_REMOVE_LABEL))) {
				// docker run --rm: removed (with its anonymous volumes) once it exited
				this.containers.remove(exited.id(), false, true);
			}
		}
		catch (dev.bulkhead.runtime.errors.NotFoundException ex) {
			// removed while waited for (docker run --rm, or condition=removed)
			body.put("StatusCode", (before.exitCode() != null) ? before.exitCode() : 0);
		}
		response.getOutputStream().write(this.json.writeValueAsBytes(body));
	}

	/**
	 * Waits for the start that comes next: docker run sends its wait before its start.
	 */
	private void awaitStart(String id, Container before) throws InterruptedException {
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(MAX_WAIT_SECONDS);
		while (System.nanoTime() < deadline) {
			Container now = this.containers.get(id);
			if (now.isRunning() || !java.util.Objects.equals(now.finished(), before.finished())) {
				return;
			}
			Thread.sleep(100);
		}
	}

	@GetMapping("/{id}/logs")
	@Operation(summary = "Docker: a container's output as Docker's multiplexed stream")
	void logs(@PathVariable String id, @RequestParam(defaultValue = "false") String stdout,
			@RequestParam(defaultValue = "false") String stderr, @RequestParam(defaultValue = "false") String follow,
			@RequestParam(defaultValue = "false") String timestamps, @RequestParam(defaultValue = "all") String tail,
			@RequestParam(required = false) String since, HttpServletResponse response) throws IOException {
		boolean out = DockerFilters.truthy(stdout);
		boolean err = DockerFilters.truthy(stderr);
		if (!out && !err) {
			throw new InvalidArgumentException("you must choose at least one stream: stdout=1 and/or stderr=1");
		}
		int lines = tail.equals("all") || tail.isBlank() ? -1 : parseTail(tail);
		boolean stamped = DockerFilters.truthy(timestamps);
		Instant asked = Instant.now();
		List<CriLogReader.Entry> entries = this.containers.logs(id, out, err, parseSince(since), lines);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(DockerStreamFrames.MEDIA_TYPE);
		if (DockerFilters.truthy(follow)) {
			LogFollower.encoding(this.containers, id, out, err, (entry) -> DockerStreamFrames.frame(entry, stamped))
				.follow(entries, asked, response.getOutputStream());
			return;
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (CriLogReader.Entry entry : entries) {
			body.write(DockerStreamFrames.frame(entry, stamped));
		}
		response.setContentLength(body.size());
		body.writeTo(response.getOutputStream());
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Docker: remove a container (force kills a running one; v removes anonymous volumes)")
	ResponseEntity<Void> remove(@PathVariable String id, @RequestParam(defaultValue = "false") String force,
			@RequestParam(defaultValue = "false") String v) {
		this.containers.remove(id, DockerFilters.truthy(force), DockerFilters.truthy(v));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/attach")
	@Operation(summary = "Docker: attach to a container's output (Upgrade: tcp; output only, no stdin)",
			description = "Answers 101 and then streams stdout and stderr as Docker's multiplexed stream from the "
					+ "next start (or now, for a running container) until the container stops.")
	void attach(@PathVariable String id, @RequestParam(defaultValue = "false") String stream,
			@RequestParam(defaultValue = "false") String stdout, @RequestParam(defaultValue = "false") String stderr,
			jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response)
			throws IOException, jakarta.servlet.ServletException {
		Container before = this.containers.get(id);
		if (!DockerFilters.truthy(stream)) {
			throw new InvalidArgumentException("attach without stream=1 is not supported; use docker logs");
		}
		boolean out = DockerFilters.truthy(stdout);
		boolean err = DockerFilters.truthy(stderr);
		Instant asked = Instant.now();
		org.springframework.security.core.context.SecurityContext context = org.springframework.security.core.context.SecurityContextHolder
			.getContext();
		response.setHeader("Content-Type", DockerStreamFrames.MEDIA_TYPE);
		response.setHeader("Connection", "Upgrade");
		response.setHeader("Upgrade", "tcp");
		DockerAttach attach = request.upgrade(DockerAttach.class);
		attach.prepare(context, (stream1) -> {
			if (!before.isRunning()) {
				awaitStart(id, before);
			}
			List<CriLogReader.Entry> entries = this.containers.logs(id, out, err, asked, -1);
			LogFollower.encoding(this.containers, id, out, err, (entry) -> DockerStreamFrames.frame(entry, false))
				.follow(entries, asked, stream1);
		});
	}

	@PostMapping({ "/{id}/resize", "/{id}/attach/ws" })
	@Operation(summary = "Docker: terminals and interactive attach are not supported; the answer says what to use")
	ResponseEntity<Map<String, Object>> notSupported(@PathVariable String id) {
		// visible only to who may see the container, like every other call
		this.containers.get(id);
		throw new FailedPreconditionException("terminals and interactive attach (docker run -it, docker exec -it) are "
				+ "not supported by Bulkhead's Docker API yet; use docker exec without -it, or the dashboard's "
				+ "terminal for a shell");
	}

	static int parseTail(String tail) {
		try {
			return Math.max(0, Integer.parseInt(tail.trim()));
		}
		catch (NumberFormatException ex) {
			throw new InvalidArgumentException("tail must be a number of lines or 'all', not '" + tail + "'");
		}
	}

	/** Docker sends Unix seconds, possibly with a fraction ({@code 1700000000.123}). */
	static Instant parseSince(String since) {
		if (since == null || since.isBlank() || since.equals("0")) {
			return null;
		}
		try {
			java.math.BigDecimal seconds = new java.math.BigDecimal(since.trim());
			return Instant.ofEpochSecond(seconds.longValue(),
					seconds.remainder(java.math.BigDecimal.ONE).movePointRight(9).intValue());
		}
		catch (NumberFormatException ex) {
			try {
				return Instant.parse(since);
			}
			catch (java.time.format.DateTimeParseException notTime) {
				throw new InvalidArgumentException(
						"since must be Unix seconds or an RFC 3339 time, not '" + since + "'");
			}
		}
	}

}
