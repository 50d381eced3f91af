package dev.bulkhead.backend.audit;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How an audited action ended: done, refused by authentication or access rules, or
 * attempted and failed for another reason.
 */
public enum Outcome {

	SUCCESS, DENIED, FAILED;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Outcome ofWireName(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

}
