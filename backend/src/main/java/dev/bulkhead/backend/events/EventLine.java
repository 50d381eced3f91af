package dev.bulkhead.backend.events;

import java.time.Instant;
import java.util.Locale;

import org.springframework.web.util.HtmlUtils;

import dev.bulkhead.runtime.events.Event;

/**
 * One event as the dashboard shows it: what it is about and what happened, in words.
 *
 * @param time when it happened
 * @param type container, image, network or volume
 * @param action the event's action as the API names it
 * @param subject what it is about ({@code container web}, {@code image busybox:latest})
 * @param words what happened, e.g. "exited with code 137 — killed for running out of
 * memory (peak 64 MiB of 64 MiB)"
 * @param containerId the container it is about, for a link; null for other events
 */
public record EventLine(Instant time, String type, String action, String subject, String words, String containerId) {

	private static final long MIB = 1024 * 1024;

	private static final java.time.format.DateTimeFormatter DISPLAY = java.time.format.DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
		.withZone(java.time.ZoneOffset.UTC);

	static EventLine of(Event event) {
		String container = ContainerTeams.containerOf(event);
		return new EventLine(event.time(), event.type(), event.action(), subject(event), words(event), container);
	}

	/** A warning sign for the eye: deaths with a failure, OOM, unhealthy. */
	public boolean bad() {
		if (this.action.equals("oom") || this.action.endsWith("unhealthy")) {
			return true;
		}
		return this.action.equals("die") && !this.words.startsWith("exited with code 0")
				&& !this.words.contains("after a stop");
	}

	/** The time as the dashboard shows it, in UTC to the millisecond. */
	public String displayTime() {
		return DISPLAY.format(this.time);
	}

	/** One row of a container's Events tab, as the live stream sends it. */
	String row() {
		return "<tr class=\"event" + (bad() ? " event-bad" : "") + "\"><td><time datetime=\"" + this.time + "\">"
				+ HtmlUtils.htmlEscape(displayTime()) + "</time></td><td><code>" + HtmlUtils.htmlEscape(this.action)
				+ "</code></td><td>" + HtmlUtils.htmlEscape(this.words) + "</td></tr>";
	}

	private static String subject(Event event) {
		String name = event.attribute("name");
		return switch (event.type()) {
			case Event.CONTAINER -> "container " + ((name != null) ? name : shortId(event.actor().id()));
			case Event.IMAGE -> "image " + ((name != null) ? name : shortId(event.actor().id()));
			case Event.NETWORK -> (event.attribute("containerName") != null)
					? "container " + event.attribute("containerName") : "network " + event.actor().id();
			default -> event.type() + " " + event.actor().id();
		};
	}

	static String words(Event event) {
		String action = event.action();
		if (action.startsWith("health_status")) {
			String status = (event.attribute("healthStatus") != null) ? event.attribute("healthStatus")
					: action.substring(action.indexOf(':') + 1).strip();
			String output = event.attribute("probeOutput");
			return ("unhealthy".equals(status) && output != null && !output.isBlank()) ? "became unhealthy: " + output
					: "became " + status;
		}
		if (Event.CONTAINER.equals(event.type())) {
			return containerWords(event, action);
		}
		String name = (event.attribute("name") != null) ? event.attribute("name") : event.actor().id();
		return switch (action) {
			case "connect" -> "connected to network " + event.actor().id();
			case "disconnect" -> "disconnected from network " + event.actor().id();
			case "pull" -> "pulled " + name;
			case "load" -> "loaded " + name;
			case "import" -> "imported " + name;
			case "tag" -> "tagged " + name;
			case "untag" -> "untagged " + name;
			case "push" -> "pushed " + name;
			case "delete" -> "deleted " + name;
			case "create" -> "created " + event.type() + " " + name + team(event);
			case "destroy" -> "removed " + event.type() + " " + name + team(event);
			default -> action + " " + name;
		};
	}

	private static String containerWords(Event event, String action) {
		return switch (action) {
			case "create" -> "created from image " + event.attribute("image");
			case "start" -> "started";
			case "restart" -> restartWords(event);
			case "die" -> dieWords(event);
			case "oom" -> "the kernel killed a process for running out of memory" + memory(event);
			case "stop" -> "stopped by a user";
			case "kill" -> "sent signal " + event.attribute("signal");
			case "pause" -> "paused (its processes are frozen)";
			case "unpause" -> "unpaused";
			case "exec_start" -> "ran a command: " + event.attribute("execCommand");
			case "rename" -> "renamed from " + event.attribute("oldName") + " to " + event.attribute("name");
			case "destroy" -> "removed";
			default -> action.toLowerCase(Locale.ROOT).replace('_', ' ');
		};
	}

	private static String restartWords(Event event) {
		String attempt = event.attribute("restartCount");
		String max = event.attribute("maximumRetryCount");
		return "restarted by policy " + event.attribute("restartPolicy") + " (attempt " + attempt
				+ ((max != null) ? " of " + max : "") + ")";
	}

	private static String dieWords(Event event) {
		StringBuilder words = new StringBuilder("exited with code ").append(event.attribute("exitCode"));
		if ("true".equals(event.attribute("oomKilled"))) {
			words.append(" — killed for running out of memory").append(memory(event));
		}
		else if ("true".equals(event.attribute("killedAfterStopTimeout"))) {
			words.append(" — killed because it did not stop within its stop timeout");
		}
		else if ("true".equals(event.attribute("stoppedByUser"))) {
			words.append(" after a stop");
		}
		if (event.attribute("error") != null) {
			words.append(" — ").append(event.attribute("error"));
		}
		return words.toString();
	}

	private static String memory(Event event) {
		String peak = event.attribute("memoryPeakBytes");
		String limit = event.attribute("memoryLimitBytes");
		if (peak != null && limit != null) {
			return " (peak " + mib(peak) + " of " + mib(limit) + ")";
		}
		if (limit != null) {
			return " (limit " + mib(limit) + ")";
		}
		return "";
	}

	private static String mib(String bytes) {
		try {
			return (Long.parseLong(bytes) / MIB) + " MiB";
		}
		catch (NumberFormatException ex) {
			return bytes + " bytes";
		}
	}

	private static String team(Event event) {
		String team = event.attribute(ContainerTeams.TEAM);
		return (team != null) ? " of team " + team : "";
	}

	private static String shortId(String id) {
		String bare = id.startsWith("sha256:") ? id.substring(7) : id;
		return (bare.length() > 12) ? bare.substring(0, 12) : bare;
	}

}
