package dev.bulkhead.runtime.containers;

import java.util.List;

/**
 * The answer of admission for one request: every violation at once, and the relaxations
 * (granted by exceptions) that the request needed.
 *
 * @param allowed whether the request may be created as it is
 * @param level the level the request was judged at
 * @param violations what is wrong, field by field; empty when allowed
 * @param relaxationsUsed the granted relaxations the request needed, in the order the
 * checks ran
 */
public record PolicyVerdict(boolean allowed, String level, List<Violation> violations, List<String> relaxationsUsed) {

	public PolicyVerdict {
		violations = List.copyOf(violations);
		relaxationsUsed = List.copyOf(relaxationsUsed);
	}

	/** True when some field is not merely refused by the policy but not valid at all. */
	public boolean hasInvalidValues() {
		return this.violations.stream().anyMatch((v) -> v.relaxation() == null);
	}

	/**
	 * One thing wrong with a request.
	 *
	 * @param field the request field, e.g. {@code security.capAdd[1]}
	 * @param message what is not allowed and why, in words
	 * @param remedy what to do instead
	 * @param relaxation the exception an admin could grant to allow it, or {@code null}
	 * when the value is not valid at all (no exception helps)
	 */
	public record Violation(String field, String message, String remedy, String relaxation) {

		/** The one-line form used in error messages: {@code field: message; remedy}. */
		public String line() {
			return this.field + ": " + this.message + "; " + this.remedy;
		}

	}

}
