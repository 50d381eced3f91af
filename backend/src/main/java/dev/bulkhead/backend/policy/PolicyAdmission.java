package dev.bulkhead.backend.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import dev.bulkhead.backend.teams.Team;
import dev.bulkhead.backend.web.ProblemTypes;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.containers.AppliedException;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.backend.runtime.BindPrefixes;
import dev.bulkhead.runtime.containers.PolicyCheck;
import dev.bulkhead.runtime.containers.PolicyVerdict;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Admission of create requests: the request is judged at its level with the relaxations
 * of every unexpired exception that applies to its team and name, before anything is
 * made. {@link #evaluate} answers without side effects (for {@code POST
 * /api/v1/policy/evaluate} and the dashboard's live verdict); {@link #admit} is the same
 * judgement for a real create, which audits a refusal and records the exceptions in the
 * request so that the runtime applies exactly what was admitted.
 */
@Service
public class PolicyAdmission {

	private final PolicyCheck check = new PolicyCheck();

	private final PolicyExceptionRepository exceptions;

	private final TeamAccess access;

	private final PolicyAudit audit;

	private final BindPrefixes bindPrefixes;

	PolicyAdmission(PolicyExceptionRepository exceptions, TeamAccess access, PolicyAudit audit,
			BindPrefixes bindPrefixes) {
		this.bindPrefixes = bindPrefixes;
		this.exceptions = exceptions;
		this.access = access;
		this.audit = audit;
	}

	/**
	 * The verdict on a request for a container of this team.
	 *
	 * @param allowed whether a create would be admitted
	 * @param level the level it was judged at
	 * @param violations every violation, field by field
	 * @param exceptionsApplied the exceptions that a create would be admitted under
	 */
	public record Evaluation(boolean allowed, String level, List<PolicyVerdict.Violation> violations,
			List<PolicyException> exceptionsApplied) {

		/** The violations as one message, one line each. */
		public String message() {
			return this.violations.stream().map(PolicyVerdict.Violation::line).collect(Collectors.joining("\n"));
		}

	}

	public Evaluation evaluate(Team team, ContainerConfig config) {
		List<PolicyException> active = this.exceptions.activeFor(team.id(), config.name(), Instant.now());
		PolicyVerdict verdict = this.check.evaluate(config,
				active.stream().map(PolicyException::relaxation).distinct().toList(), this.bindPrefixes.paths());
		List<PolicyException> applied = new ArrayList<>();
		for (String relaxation : verdict.relaxationsUsed()) {
			// The most specific grant first: one for this container name, then the
			// team's.
			active.stream()
				.filter((e) -> e.relaxation().equals(relaxation))
				.min(Comparator.comparing((PolicyException e) -> e.containerName() == null)
					.thenComparing(PolicyException::id))
				.ifPresent(applied::add);
		}
		return new Evaluation(verdict.allowed(), verdict.level(), verdict.violations(), applied);
	}

	/**
	 * Admits a request or refuses it with every violation at once (400 for values that
	 * are not valid at all, 403 for what the policy does not allow, which is audited).
	 * Returns the request carrying the exceptions it is admitted under.
	 */
	public ContainerConfig admit(Team team, ContainerConfig config) {
		Evaluation evaluation = evaluate(team, config);
		if (!evaluation.allowed()) {
			// The problem answered for the refusal carries the violations as data too.
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (attributes != null) {
				attributes.setAttribute(ProblemTypes.EXTRA_PROPERTIES_ATTRIBUTE,
						Map.of("violations", evaluation.violations()), RequestAttributes.SCOPE_REQUEST);
			}
		}
		if (evaluation.violations().stream().anyMatch((v) -> v.relaxation() == null)) {
			throw new InvalidArgumentException(evaluation.violations()
				.stream()
				.filter((v) -> v.relaxation() == null)
				.map(PolicyVerdict.Violation::line)
				.collect(Collectors.joining("\n")));
		}
		if (!evaluation.allowed()) {
			this.audit.denied(this.access.caller().username(), team.name(), config.name(),
					evaluation.message().replace('\n', ' '));
			throw new ForbiddenException(evaluation.message());
		}
		List<AppliedException> applied = evaluation.exceptionsApplied().stream().map(PolicyException::applied).toList();
		return config.withSecurity(config.security().withExceptions(applied));
	}

	/** Audits each exception a container that was just created was admitted under. */
	public void recordUses(Team team, Container container) {
		String actor = this.access.caller().username();
		for (AppliedException applied : container.config().security().exceptions()) {
			this.audit.used(actor, team.name(), container.name(), applied);
		}
	}

}
