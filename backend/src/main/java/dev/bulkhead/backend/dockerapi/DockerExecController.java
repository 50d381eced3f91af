package dev.bulkhead.backend.dockerapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.backend.containers.ContainerService;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ExecResult;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;

/**
 * {@code docker exec} without a terminal or input, on the native exec
 * ({@link ContainerService#exec}): the same operator rule, user, capabilities and seccomp
 * filter. The command runs to its end when the client starts it; its output then comes
 * back as Docker's multiplexed stream (stdout, then stderr, each kept up to 1 MiB), and
 * the exit code from the exec's inspect. Exec instances live in memory, are visible only
 * to the user who made them, and are forgotten after their inspect.
 */
@RestController
@RequestMapping(DockerApiVersion.PREFIX)
@Tag(name = "docker")
class DockerExecController {

	private static final int EXEC_TIMEOUT_SECONDS = 3600;

	private static final int MAX_INSTANCES = 1000;

	record Instance(String id, String owner, String container, List<String> command, ExecResult result) {

		Instance finished(ExecResult result) {
			return new Instance(this.id, this.owner, this.container, this.command, result);
		}

	}

	private final ContainerService containers;

	private final Map<String, Instance> instances = new ConcurrentHashMap<>();

	DockerExecController(ContainerService containers) {
		this.containers = containers;
	}

	@PostMapping("/containers/{id}/exec")
	@Operation(summary = "Docker: prepare a command to run in a running container (no TTY, no stdin)")
	ResponseEntity<Map<String, Object>> create(@PathVariable String id, @RequestBody JsonNode body) {
		// the operator rule, checked now as at start
		Container container = this.containers.await(id, 0);
		if (body.path("Tty").asBoolean(false) || body.path("AttachStdin").asBoolean(false)) {
			throw new InvalidArgumentException("docker exec -i/-t is not supported by Bulkhead's Docker API: exec "
					+ "runs a command without input or terminal; use docker exec without -it, or the dashboard's "
					+ "terminal for a shell");
		}
		List<String> command = DockerContainerCreate.strings(body.path("Cmd"));
		if (command.isEmpty()) {
			throw new InvalidArgumentException("\"Cmd\" is required: the command to run");
		}
		if (this.instances.size() >= MAX_INSTANCES) {
			this.instances.clear();
		}
		String execId = UUID.randomUUID().toString().replace("-", "");
		this.instances.put(execId, new Instance(execId, caller(), container.id(), command, null));
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("Id", execId));
	}

	@PostMapping("/exec/{execId}/start")
	@Operation(summary = "Docker: run a prepared command; its output as Docker's multiplexed stream")
	void start(@PathVariable String execId, @RequestBody(required = false) JsonNode body, HttpServletRequest request,
			HttpServletResponse response) throws IOException, ServletException {
		Instance instance = instance(execId);
		if (body != null && body.path("Detach").asBoolean(false)) {
			throw new InvalidArgumentException("docker exec -d is not supported by Bulkhead's Docker API");
		}
		var context = SecurityContextHolder.getContext();
		boolean upgrade = "tcp".equalsIgnoreCase(request.getHeader("Upgrade"));
		if (!upgrade) {
			response.setContentType(DockerStreamFrames.MEDIA_TYPE);
			run(instance, response.getOutputStream());
			return;
		}
		response.setHeader("Content-Type", DockerStreamFrames.MEDIA_TYPE);
		response.setHeader("Connection", "Upgrade");
		response.setHeader("Upgrade", "tcp");
		request.upgrade(DockerAttach.class).prepare(context, (out) -> run(instance, out));
	}

	private void run(Instance instance, java.io.OutputStream out) throws IOException {
		ExecResult result = this.containers.exec(instance.container(), instance.command(), EXEC_TIMEOUT_SECONDS);
		this.instances.put(instance.id(), instance.finished(result));
		if (!result.stdout().isEmpty()) {
			out.write(DockerStreamFrames.frame(DockerStreamFrames.STDOUT,
					result.stdout().getBytes(StandardCharsets.UTF_8)));
		}
		if (!result.stderr().isEmpty()) {
			out.write(DockerStreamFrames.frame(DockerStreamFrames.STDERR,
					result.stderr().getBytes(StandardCharsets.UTF_8)));
		}
		out.flush();
	}

	@GetMapping("/exec/{execId}/json")
	@Operation(summary = "Docker: an exec's state and exit code")
	Map<String, Object> inspect(@PathVariable String execId) {
		Instance instance = instance(execId);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ID", instance.id());
		body.put("ContainerID", instance.container());
		body.put("Running", false);
		body.put("ExitCode", (instance.result() != null) ? instance.result().exitCode() : null);
		body.put("ProcessConfig", Map.of("entrypoint", instance.command().get(0), "arguments",
				instance.command().subList(1, instance.command().size()), "tty", false));
		body.put("OpenStdin", false);
		body.put("OpenStdout", true);
		body.put("OpenStderr", true);
		body.put("Pid", 0);
		return body;
	}

	private Instance instance(String execId) {
		Instance instance = this.instances.get(execId);
		if (instance == null || !instance.owner().equals(caller())) {
			throw new NotFoundException("No such exec instance: " + execId);
		}
		return instance;
	}

	private static String caller() {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null) ? authentication.getName() : "";
	}

}
