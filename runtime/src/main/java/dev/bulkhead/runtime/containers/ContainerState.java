package dev.bulkhead.runtime.containers;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a container is in its life; the JSON names are docker's.
 */
public enum ContainerState {

	CREATED, RUNNING, PAUSED, EXITED;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
