package dev.bulkhead.runtime.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One thing the runtime did, as Docker's events describe it: what kind of object
 * ({@code type}), what happened to it ({@code action}), and the object itself
 * ({@code actor}: its id and attributes such as its name, image, exit code or the signal
 * sent).
 *
 * @param time when it happened, to the nanosecond the clock gives
 * @param type {@code container}, {@code image}, {@code network} or {@code volume}
 * @param action e.g. {@code create}, {@code start}, {@code die}, {@code oom},
 * {@code restart}, {@code health_status: unhealthy}, {@code pull}, {@code destroy}
 * @param actor the object the event is about
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Event(Instant time, String type, String action, Actor actor) {

	public static final String CONTAINER = "container";

	public static final String IMAGE = "image";

	public static final String NETWORK = "network";

	public static final String VOLUME = "volume";

	public Event {
		actor = (actor != null) ? actor : new Actor("", Map.of());
	}

	/** An event that happens now. */
	public static Event now(String type, String action, String id, Map<String, String> attributes) {
		return new Event(Instant.now(), type, action, new Actor(id, attributes));
	}

	/** An attribute of the actor, or null. */
	public String attribute(String name) {
		return this.actor.attributes().get(name);
	}

	/** The same event with one more attribute (or one replaced). */
	public Event withAttribute(String name, String value) {
		Map<String, String> attributes = new LinkedHashMap<>(this.actor.attributes());
		attributes.put(name, value);
		return new Event(this.time, this.type, this.action, new Actor(this.actor.id(), attributes));
	}

	/**
	 * The object an event is about.
	 *
	 * @param id a container's or image's id, a network's or volume's name
	 * @param attributes what else is known of it at that moment; absent values are left
	 * out
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Actor(String id, Map<String, String> attributes) {

		public Actor {
			Map<String, String> kept = new LinkedHashMap<>();
			if (attributes != null) {
				attributes.forEach((key, value) -> {
					if (key != null && value != null) {
						kept.put(key, value);
					}
				});
			}
			attributes = java.util.Collections.unmodifiableMap(kept);
		}

	}

}
