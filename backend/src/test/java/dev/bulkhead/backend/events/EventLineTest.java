package dev.bulkhead.backend.events;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.events.Event;

import static org.assertj.core.api.Assertions.assertThat;

class EventLineTest {

	private static EventLine line(String action, Map<String, String> attributes) {
		return EventLine.of(new Event(Instant.parse("2026-01-01T10:00:00.123456789Z"), Event.CONTAINER, action,
				new Event.Actor("a".repeat(64), attributes)));
	}

	@Test
	void anOomDeathNamesThePeakAndTheLimit() {
		EventLine line = line("die", Map.of("name", "web", "exitCode", "137", "oomKilled", "true", "memoryPeakBytes",
				"67108864", "memoryLimitBytes", "67108864"));
		assertThat(line.words())
			.isEqualTo("exited with code 137 — killed for running out of memory (peak 64 MiB of 64 MiB)");
		assertThat(line.bad()).isTrue();
		assertThat(line.subject()).isEqualTo("container web");
	}

	@Test
	void aPolicyRestartNamesThePolicyAndTheAttempt() {
		assertThat(line("restart", Map.of("restartPolicy", "on-failure", "restartCount", "2", "maximumRetryCount", "3"))
			.words()).isEqualTo("restarted by policy on-failure (attempt 2 of 3)");
		assertThat(line("restart", Map.of("restartPolicy", "always", "restartCount", "4")).words())
			.isEqualTo("restarted by policy always (attempt 4)");
	}

	@Test
	void becomingUnhealthyShowsTheLastProbeOutput() {
		EventLine line = line("health_status: unhealthy",
				Map.of("healthStatus", "unhealthy", "probeOutput", "wget: server returned error: 503"));
		assertThat(line.words()).isEqualTo("became unhealthy: wget: server returned error: 503");
		assertThat(line.bad()).isTrue();
		assertThat(line("health_status: healthy", Map.of("healthStatus", "healthy")).bad()).isFalse();
	}

	@Test
	void aCleanExitOrAStoppedContainerIsNotAFailure() {
		assertThat(line("die", Map.of("exitCode", "0")).bad()).isFalse();
		assertThat(line("die", Map.of("exitCode", "143", "stoppedByUser", "true")).words())
			.isEqualTo("exited with code 143 after a stop");
		assertThat(line("die", Map.of("exitCode", "143", "stoppedByUser", "true")).bad()).isFalse();
		assertThat(line("die", Map.of("exitCode", "3")).bad()).isTrue();
	}

	@Test
	void aLiveRowEscapesWhatTheContainerControls() {
		String row = line("exec_start", Map.of("execCommand", "echo <script>")).row();
		assertThat(row).contains("ran a command: echo &lt;script&gt;").doesNotContain("<script>");
		assertThat(row).contains("2026-01-01 10:00:00.123 UTC");
	}

	@Test
	void aContainerFilterMatchesByIdNameOrLongPrefixOnly() {
		Event event = new Event(Instant.now(), Event.CONTAINER, "start",
				new Event.Actor("abcdef0123456789".repeat(4), Map.of("name", "web")));
		assertThat(EventService.isAbout(event, "web")).isTrue();
		assertThat(EventService.isAbout(event, "abcdef012345")).isTrue();
		assertThat(EventService.isAbout(event, "abc")).isFalse();
		assertThat(EventService.isAbout(event, "webserver")).isFalse();
		Event connect = new Event(Instant.now(), Event.NETWORK, "connect",
				new Event.Actor("backend", Map.of("container", event.actor().id(), "containerName", "web")));
		assertThat(EventService.isAbout(connect, "web")).isTrue();
	}

}
