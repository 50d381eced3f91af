package dev.bulkhead.runtime.containers;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a container is in its life; the JSON names are docker's. {@code RESTARTING}: its
 * process has exited and its restart policy will start it again once the back-off delay
 * has passed (docker's {@code State.Restarting}); nothing of it runs meanwhile.
 */
public enum ContainerState {

	CREATED, RUNNING, PAUSED, EXITED, RESTARTING;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
