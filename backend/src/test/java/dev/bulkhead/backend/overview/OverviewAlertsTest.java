package dev.bulkhead.backend.overview;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.ContainerState;
import dev.bulkhead.runtime.containers.LifecycleStatus;

import static org.assertj.core.api.Assertions.assertThat;

class OverviewAlertsTest {

	private static final Instant NOW = Instant.parse("2026-12-05T01:00:00Z");

	private static Container container(String policy, Integer max, ContainerState state, Instant started,
			Instant finished, Integer exitCode, LifecycleStatus lifecycle) {
		ContainerConfig config = new ContainerConfig("web", "busybox", null, List.of("false"), null, null, null, null,
				null, null, null, null, null, null, null,
				new ContainerConfig.Lifecycle(new ContainerConfig.RestartPolicy(policy, max), null, null), null, null);
		return new Container("c".repeat(64), "web", "busybox", "sha256:" + "b".repeat(64), config, state,
				NOW.minusSeconds(600), started, finished, exitCode, false, false,
				(state == ContainerState.RUNNING) ? 42 : null, null, null, null, lifecycle, null, null, null);
	}

	private static List<String> texts(Container c) {
		return OverviewAlerts.of(List.of(c), NOW).stream().map(OverviewAlert::text).toList();
	}

	@Test
	void aContainerThatKeepsCrashingSoonAfterItsRestartsIsALoop() {
		Container c = container("always", null, ContainerState.EXITED, NOW.minusMillis(900), NOW.minusMillis(850), 3,
				new LifecycleStatus(4, false, null));
		assertThat(texts(c))
			.containsExactly("restart loop: restarted 4 times by its policy; the last run exited with 3 after 50 ms");
	}

	@Test
	void aLoopWaitingOutItsBackOffSaysSo() {
		Container c = container("always", null, ContainerState.RESTARTING, NOW.minusMillis(900), NOW.minusMillis(850),
				3, new LifecycleStatus(4, false, null));
		assertThat(texts(c)).containsExactly("restart loop: restarted 4 times by its policy; the last run exited "
				+ "with 3 after 50 ms; waiting out its back-off before the next restart");
	}

	@Test
	void fewerRestartsOrALongLastRunIsNoLoop() {
		assertThat(texts(container("always", null, ContainerState.EXITED, NOW.minusSeconds(1), NOW, 1,
				new LifecycleStatus(2, false, null))))
			.isEmpty();
		assertThat(texts(container("always", null, ContainerState.RUNNING, NOW.minus(Duration.ofMinutes(5)), null, null,
				new LifecycleStatus(6, false, null))))
			.as("recovered: running longer than the back-off's reset")
			.isEmpty();
		assertThat(texts(container("always", null, ContainerState.RUNNING, NOW.minusSeconds(2), null, null,
				new LifecycleStatus(6, false, null))))
			.containsExactly("restart loop: restarted 6 times by its policy");
	}

	@Test
	void anOnFailurePolicyThatUsedUpItsRetriesGaveUp() {
		Container c = container("on-failure", 3, ContainerState.EXITED, NOW.minusSeconds(5), NOW.minusSeconds(4), 2,
				new LifecycleStatus(3, false, null));
		assertThat(texts(c)).containsExactly("restart policy gave up after 3 restarts; the last run exited with 2");
	}

	@Test
	void aUserStopEndsTheRestartAlert() {
		Container c = container("always", null, ContainerState.EXITED, NOW.minusMillis(900), NOW.minusMillis(850), 137,
				new LifecycleStatus(5, true, null));
		assertThat(texts(c)).isEmpty();
	}

	@Test
	void aRunningContainerWhoseHealthCheckFailsIsUnhealthyWithTheLastProbesOutput() {
		LifecycleStatus.Health health = new LifecycleStatus.Health(LifecycleStatus.Health.UNHEALTHY, 3,
				List.of(new LifecycleStatus.Probe(NOW.minusSeconds(1), NOW, 1, "cat: can't open '/tmp/ready'\n")));
		Container c = container("no", null, ContainerState.RUNNING, NOW.minusSeconds(60), null, null,
				new LifecycleStatus(0, false, health));
		assertThat(texts(c)).containsExactly(
				"unhealthy: 3 health checks failed in a row; the last exited with 1: cat: can't open '/tmp/ready'");
		LifecycleStatus.Health healthy = new LifecycleStatus.Health(LifecycleStatus.Health.HEALTHY, 0, List.of());
		assertThat(texts(container("no", null, ContainerState.RUNNING, NOW.minusSeconds(60), null, null,
				new LifecycleStatus(0, false, healthy))))
			.isEmpty();
	}

}
