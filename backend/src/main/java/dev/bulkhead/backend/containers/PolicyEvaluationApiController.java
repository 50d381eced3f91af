package dev.bulkhead.backend.containers;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.backend.policy.PolicyAdmission;
import dev.bulkhead.backend.policy.PolicyException;
import dev.bulkhead.runtime.containers.PolicyVerdict;

/**
 * {@code POST /api/v1/policy/evaluate}: the verdict a create would get, without creating
 * anything. It lives with the containers because its body is the create request, read
 * exactly as a create reads it.
 */
@RestController
@Tag(name = "policy")
class PolicyEvaluationApiController {

	private final ContainerService containers;

	PolicyEvaluationApiController(ContainerService containers) {
		this.containers = containers;
	}

	@PostMapping("/api/v1/policy/evaluate")
	@Operation(summary = "Judge a create request against the policy without creating anything",
			description = "Takes the body of POST /api/v1/containers and answers 200 with whether it would be "
					+ "admitted, every violation at once (field, message, remedy, and the relaxation an admin could "
					+ "grant; null when the value is not valid at all) and the exceptions it would be admitted under. "
					+ "Needs the developer role in the team, like a create.")
	Verdict evaluate(@RequestBody CreateContainerRequest request) {
		PolicyAdmission.Evaluation evaluation = this.containers.evaluate(request.team(), request.toConfig());
		return new Verdict(evaluation.allowed(), evaluation.level(), evaluation.violations(),
				evaluation.exceptionsApplied());
	}

	/**
	 * The answer.
	 *
	 * @param allowed whether a create would be admitted
	 * @param level the level it was judged at
	 * @param violations every violation
	 * @param exceptionsApplied the exceptions a create would be admitted under
	 */
	record Verdict(boolean allowed, String level, List<PolicyVerdict.Violation> violations,
			List<PolicyException> exceptionsApplied) {
	}

}
