package dev.bulkhead.backend.teams;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * A member's role in a team; each role can do everything the one before it can.
 */
public enum TeamRole {

	/** List, inspect, read logs. */
	VIEWER,
	/** And start, stop, restart, kill, wait. */
	OPERATOR,
	/** And create and remove containers, load, pull and delete images. */
	DEVELOPER;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean includes(TeamRole other) {
		return compareTo(other) >= 0;
	}

	public static TeamRole ofWireName(String name) {
		return Arrays.stream(values())
			.filter((role) -> role.wireName().equals(name))
			.findFirst()
			.orElseThrow(() -> new InvalidArgumentException(
					"role must be 'viewer', 'operator' or 'developer', not '" + name + "'"));
	}

}
