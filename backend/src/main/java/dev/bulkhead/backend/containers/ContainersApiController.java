package dev.bulkhead.backend.containers;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.containers.ExecResult;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.runner.CriLogReader;

/**
 * The native containers API.
 */
@RestController
@RequestMapping("/api/v1/containers")
@Tag(name = "containers", description = "Create, run, stop, inspect and remove containers")
class ContainersApiController {

	private final ContainerService containers;

	private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

	ContainersApiController(ContainerService containers) {
		this.containers = containers;
	}

	@GetMapping
	@Operation(summary = "List containers, newest first")
	List<ContainerView> list() {
		return this.containers.list().stream().map(ContainerView::of).toList();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a container (hardened by default); nothing runs until start")
	ContainerView create(@RequestBody CreateContainerRequest request) {
		return ContainerView.of(this.containers.create(request.team(), request.toConfig()));
	}

	@GetMapping("/{id}")
	@Operation(summary = "Inspect a container by id, id prefix or name")
	ContainerView inspect(@PathVariable String id) {
		return ContainerView.of(this.containers.get(id));
	}

	@GetMapping(value = "/{id}/spec", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The OCI runtime config (config.json) runc was given at the container's last start",
			description = "The file as Bulkhead wrote it into the container's bundle: process (args, env, user, "
					+ "capabilities), root, mounts, namespaces, cgroup resources, seccomp filter, masked paths. "
					+ "It is written at every start, so a container that never started answers 409. Environment "
					+ "values are shown as GET /api/v1/containers/{id} shows them, to every member of the team.")
	JsonNode spec(@PathVariable String id) {
		return this.json.readTree(this.containers.spec(id));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Remove a container; a running one only with force=true, which kills it",
			description = "volumes=true also removes the anonymous volumes made for the image's VOLUME entries "
					+ "(as docker rm -v); otherwise they stay, unused, until pruned.")
	void remove(@PathVariable String id, @RequestParam(defaultValue = "false") boolean force,
			@RequestParam(defaultValue = "false") boolean volumes) {
		this.containers.remove(id, force, volumes);
	}

	@PostMapping("/{id}/start")
	@Operation(summary = "Start a created or exited container")
	ContainerView start(@PathVariable String id) {
		return ContainerView.of(this.containers.start(id));
	}

	@PostMapping("/{id}/stop")
	@Operation(summary = "Send the stop signal, then SIGKILL after the timeout (seconds)")
	ContainerView stop(@PathVariable String id, @RequestParam(required = false) Integer timeout) {
		return ContainerView.of(this.containers.stop(id, timeout));
	}

	@PostMapping("/{id}/restart")
	@Operation(summary = "Stop a container (the stop signal, SIGKILL after timeout seconds) and start it again",
			description = "Like a start by a user, a restart forgets an earlier stop and sets the restart count to 0.")
	ContainerView restart(@PathVariable String id, @RequestParam(required = false) Integer timeout) {
		return ContainerView.of(this.containers.restart(id, timeout));
	}

	@PostMapping("/{id}/rename")
	@Operation(summary = "Rename a container; names are unique on the host (409 when taken)")
	ContainerView rename(@PathVariable String id, @RequestParam String name) {
		return ContainerView.of(this.containers.rename(id, name));
	}

	@PostMapping("/{id}/kill")
	@Operation(summary = "Send a signal (default KILL) to the container's main process")
	ContainerView kill(@PathVariable String id, @RequestParam(defaultValue = "KILL") String signal) {
		return ContainerView.of(this.containers.kill(id, signal));
	}

	@PostMapping("/{id}/pause")
	@Operation(summary = "Freeze every process of a running container")
	ContainerView pause(@PathVariable String id) {
		return ContainerView.of(this.containers.pause(id));
	}

	@PostMapping("/{id}/unpause")
	@Operation(summary = "Thaw a paused container")
	ContainerView unpause(@PathVariable String id) {
		return ContainerView.of(this.containers.unpause(id));
	}

	@PostMapping("/{id}/exec")
	@Operation(summary = "Run a command in a running container and return its exit code and output",
			description = "The command runs as the container's user with its capabilities and seccomp filter. "
					+ "Output is kept up to 1 MiB per stream; past timeoutSeconds (default 60) it is stopped.")
	ExecResult exec(@PathVariable String id, @RequestBody ExecRequest request) {
		return this.containers.exec(id, request.command(),
				(request.timeoutSeconds() != null) ? request.timeoutSeconds() : 60);
	}

	@PostMapping("/{id}/wait")
	@Operation(summary = "Wait until the container exits (at most timeout seconds) and report its exit",
			description = "Answers at once for a container that is not running. oomKilled says whether the kernel "
					+ "killed it at its memory limit; a container restarted by its policy is waited for until "
					+ "its next exit.")
	WaitResponse await(@PathVariable String id, @RequestParam(defaultValue = "300") int timeout) {
		var container = this.containers.await(id, timeout);
		return new WaitResponse(container.state().wireName(), container.exitCode(), container.oomKilled(),
				container.error());
	}

	@GetMapping(value = "/{id}/logs", produces = { MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "Read a container's output; stdout and stderr kept apart and in order")
	ResponseEntity<?> logs(@PathVariable String id, @RequestParam(defaultValue = "true") boolean stdout,
			@RequestParam(defaultValue = "true") boolean stderr, @RequestParam(defaultValue = "-1") int tail,
			@RequestParam(required = false) String since, @RequestParam(defaultValue = "false") boolean timestamps,
			@RequestParam(defaultValue = "text") String format,
			@Parameter(description = "keep the answer open and write new lines as the container writes them, "
					+ "until it stops") @RequestParam(defaultValue = "false") boolean follow,
			HttpServletResponse response) throws java.io.IOException {
		Instant asked = Instant.now();
		List<CriLogReader.Entry> entries = this.containers.logs(id, stdout, stderr, parseSince(since), tail);
		if (!format.equals("json") && !format.equals("text")) {
			throw new InvalidArgumentException("format must be 'text' or 'json'");
		}
		if (follow) {
			// Written on the request's own thread (not an async dispatch), so the
			// caller's
			// access is checked on every read as it was for the first.
			boolean json = format.equals("json");
			response.setContentType(json ? "application/x-ndjson" : "text/plain;charset=UTF-8");
			new LogFollower(this.containers, id, stdout, stderr,
					(entry) -> json ? this.json.writeValueAsString(logLine(entry)) : text(entry, timestamps))
				.follow(entries, asked, response.getOutputStream());
			return null;
		}
		if (format.equals("json")) {
			return ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.body(entries.stream().map(ContainersApiController::logLine).toList());
		}
		String text = entries.stream()
			.map((e) -> text(e, timestamps))
			.collect(Collectors.joining("\n", "", entries.isEmpty() ? "" : "\n"));
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
			.body(text);
	}

	private static Instant parseSince(String since) {
		if (since == null || since.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(since);
		}
		catch (DateTimeParseException ex) {
			try {
				return Instant.ofEpochSecond(Long.parseLong(since));
			}
			catch (NumberFormatException notNumber) {
				throw new InvalidArgumentException(
						"since must be an RFC 3339 time (2026-01-02T15:04:05Z) or Unix seconds, not '" + since + "'");
			}
		}
	}

	record ExecRequest(List<String> command, Integer timeoutSeconds) {
	}

	record WaitResponse(String state, Integer exitCode, boolean oomKilled, String error) {
	}

	record LogLine(Instant time, String stream, String text) {
	}

	private static LogLine logLine(CriLogReader.Entry entry) {
		return new LogLine(entry.time(), entry.stream().name().toLowerCase(java.util.Locale.ROOT), entry.text());
	}

	private static String text(CriLogReader.Entry entry, boolean timestamps) {
		return timestamps ? entry.time() + " " + entry.text() : entry.text();
	}

}
