package dev.bulkhead.runtime.events;

/**
 * Where the runtime's parts report what they did. Publishing never blocks on readers and
 * never throws: an event that cannot be kept is lost, the container's lifecycle goes on.
 */
@FunctionalInterface
public interface EventSink {

	/** Drops every event: for parts used without a journal (tests, tools). */
	EventSink NONE = (event) -> {
	};

	void publish(Event event);

}
