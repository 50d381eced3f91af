package dev.bulkhead.backend.policy;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Exceptions to the default policy level.
 */
@RestController
@RequestMapping("/api/v1/policy/exceptions")
@Tag(name = "policy", description = "Policy admission: exceptions to the restricted level, and evaluating a request")
class PolicyExceptionsApiController {

	private final PolicyExceptions exceptions;

	PolicyExceptionsApiController(PolicyExceptions exceptions) {
		this.exceptions = exceptions;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Grant an exception (administrators only)",
			description = "Grants one relaxation (cap-add:<CAP>, writable-rootfs, seccomp-unconfined, run-as-root, "
					+ "privileged, new-privileges, host-network, host-pid, host-ipc, devices, bind-mount:<prefix>, "
					+ "level:baseline, level:privileged) to a team, a container name, or a container name in a team. "
					+ "A reason and an expiry (expiresAt or expiresInSeconds, at most 366 days) are required. "
					+ "Expired exceptions admit no new container. The grant is audited.")
	PolicyException grant(@RequestBody PolicyExceptions.Grant grant) {
		return this.exceptions.grant(grant);
	}

	@GetMapping
	@Operation(summary = "List exceptions, newest first",
			description = "Every exception for an administrator; those granted to your teams otherwise. "
					+ "'active' is false once an exception has expired.")
	List<PolicyException> list() {
		return this.exceptions.list();
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Revoke an exception (administrators only)",
			description = "It admits no new container from now on; containers admitted under it keep running "
					+ "and keep showing it in inspect. The revocation is audited.")
	void revoke(@PathVariable long id) {
		this.exceptions.revoke(id);
	}

}
