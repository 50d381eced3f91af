package dev.bulkhead.backend.auth;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * What a token may do: {@code read} allows only GET and HEAD (for dashboards, monitoring
 * and CI jobs that only look), {@code full} whatever its owner may do.
 */
public enum TokenScope {

	READ, FULL;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static TokenScope ofWireName(String name) {
		if (name == null) {
			return FULL;
		}
		return switch (name) {
			case "read" -> READ;
			case "full" -> FULL;
			default -> throw new InvalidArgumentException("scope must be 'read' or 'full', not '" + name + "'");
		};
	}

}
