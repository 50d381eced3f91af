package dev.bulkhead.runtime.containers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bulkhead.runtime.events.Event;
import dev.bulkhead.runtime.events.EventSink;

/**
 * Turns what the container parts did into {@link Event}s with the attributes a person
 * needs to understand them: the exit code and memory evidence of a death, the policy and
 * attempt of a restart, the probe output behind a health change. It never throws: an
 * event that cannot be built or kept must not fail the lifecycle step that caused it.
 */
final class ContainerEvents {

	/**
	 * Probe output kept in a health event; the full log stays in the container's record.
	 */
	static final int MAX_PROBE_OUTPUT = 512;

	private final EventSink sink;

	ContainerEvents(EventSink sink) {
		this.sink = sink;
	}

	void created(Container container) {
		emit(container, "create", Map.of());
	}

	/**
	 * A start; a start by the restart policy is announced as a {@code restart} with its
	 * attempt first, as the count in the record says.
	 */
	void started(Container container) {
		int attempt = container.lifecycle().restartCount();
		if (attempt > 0) {
			ContainerConfig.RestartPolicy policy = container.config().lifecycle().effectiveRestartPolicy();
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("restartPolicy", policy.name());
			attributes.put("restartCount", Integer.toString(attempt));
			if (policy.maximumRetryCount() != null && policy.maximumRetryCount() > 0) {
				attributes.put("maximumRetryCount", policy.maximumRetryCount().toString());
			}
			emit(container, "restart", attributes);
		}
		emit(container, "start", Map.of());
	}

	/**
	 * The end of a container's process: {@code oom} first when the kernel killed it for
	 * memory, then {@code die} with the evidence, then {@code stop} when a user stopped
	 * it.
	 */
	void exited(Container container) {
		Map<String, String> evidence = new LinkedHashMap<>();
		if (container.exitCode() != null) {
			evidence.put("exitCode", container.exitCode().toString());
		}
		if (container.memoryAtExit() != null) {
			putIfNotNull(evidence, "memoryLimitBytes", container.memoryAtExit().limitBytes());
			putIfNotNull(evidence, "memoryPeakBytes", container.memoryAtExit().peakBytes());
		}
		if (container.oomKilled()) {
			emit(container, "oom", evidence);
			evidence.put("oomKilled", "true");
		}
		if (container.killedAfterStopTimeout()) {
			evidence.put("killedAfterStopTimeout", "true");
		}
		if (container.lifecycle().manuallyStopped()) {
			evidence.put("stoppedByUser", "true");
		}
		if (container.error() != null) {
			evidence.put("error", container.error());
		}
		emit(container, "die", evidence);
		if (container.lifecycle().manuallyStopped()) {
			emit(container, "stop", Map.of());
		}
	}

	void killed(Container container, String signal) {
		emit(container, "kill", Map.of("signal", signal));
	}

	void freezerChanged(Container container, ContainerState to) {
		emit(container, (to == ContainerState.PAUSED) ? "pause" : "unpause", Map.of());
	}

	void execStarted(Container container, List<String> command) {
		emit(container, "exec_start", Map.of("execCommand", String.join(" ", command)));
	}

	/** A change of health status (not every probe): {@code health_status: unhealthy}. */
	void healthChanged(Container container, LifecycleStatus.Health health) {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("healthStatus", health.status());
		attributes.put("failingStreak", Integer.toString(health.failingStreak()));
		if (!health.log().isEmpty()) {
			LifecycleStatus.Probe last = health.log().get(health.log().size() - 1);
			attributes.put("probeExitCode", Integer.toString(last.exitCode()));
			String output = (last.output() != null) ? last.output().strip() : "";
			attributes.put("probeOutput",
					(output.length() > MAX_PROBE_OUTPUT) ? output.substring(0, MAX_PROBE_OUTPUT) : output);
		}
		emit(container, "health_status: " + health.status(), attributes);
	}

	void renamed(Container container, String oldName) {
		emit(container, "rename", Map.of("oldName", oldName));
	}

	void destroyed(Container container) {
		emit(container, "destroy", Map.of());
	}

	/** A network connected to or disconnected from a running container. */
	void network(Container container, String action, String network) {
		try {
			this.sink.publish(Event.now(Event.NETWORK, action, network,
					Map.of("name", network, "container", container.id(), "containerName", container.name())));
		}
		catch (RuntimeException ex) {
			// never fail the lifecycle for its record
		}
	}

	private void emit(Container container, String action, Map<String, String> extra) {
		try {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("name", container.name());
			attributes.put("image", container.image());
			attributes.putAll(extra);
			this.sink.publish(Event.now(Event.CONTAINER, action, container.id(), attributes));
		}
		catch (RuntimeException ex) {
			// never fail the lifecycle for its record
		}
	}

	private static void putIfNotNull(Map<String, String> map, String key, Object value) {
		if (value != null) {
			map.put(key, value.toString());
		}
	}

}
