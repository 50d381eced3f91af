package dev.bulkhead.runtime.containers;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestartSupervisorTest {

	private static final String ID = "a".repeat(64);

	private static Container exited(String policy, Integer max, int exitCode, int restarts, boolean stopped,
			long ranMillis) {
		ContainerConfig config = new ContainerConfig("web", "busybox", null, List.of("true"), null, null, null, null,
				null, null, null, null, null, null, null,
				new ContainerConfig.Lifecycle(new ContainerConfig.RestartPolicy(policy, max), null, null), null, null);
		Instant started = Instant.parse("2026-01-01T00:00:00Z");
		return new Container(ID, "web", "busybox", "sha256:" + "b".repeat(64), config, ContainerState.EXITED, started,
				started, started.plusMillis(ranMillis), exitCode, false, false, null, null, null, null,
				new LifecycleStatus(restarts, stopped, null), null, null, null);
	}

	private static void waitFor(java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited 5 s").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	@Test
	void onFailureRestartsOnlyAfterAFailureAndUpToItsMaximum() {
		assertThat(RestartSupervisor.shouldRestart(exited("on-failure", 2, 1, 0, false, 10), false)).isTrue();
		assertThat(RestartSupervisor.shouldRestart(exited("on-failure", 2, 1, 1, false, 10), false)).isTrue();
		assertThat(RestartSupervisor.shouldRestart(exited("on-failure", 2, 1, 2, false, 10), false)).isFalse();
		assertThat(RestartSupervisor.shouldRestart(exited("on-failure", 2, 0, 0, false, 10), false)).isFalse();
		assertThat(RestartSupervisor.shouldRestart(exited("on-failure", null, 3, 50, false, 10), false)).isTrue();
	}

	@Test
	void aUsersStopIsHonouredAndOnlyUnlessStoppedRemembersItAcrossAServerRestart() {
		assertThat(RestartSupervisor.shouldRestart(exited("always", null, 0, 0, false, 10), false)).isTrue();
		assertThat(RestartSupervisor.shouldRestart(exited("always", null, 0, 0, true, 10), false)).isFalse();
		assertThat(RestartSupervisor.shouldRestart(exited("always", null, 0, 0, true, 10), true)).isTrue();
		assertThat(RestartSupervisor.shouldRestart(exited("unless-stopped", null, 0, 0, true, 10), true)).isFalse();
		assertThat(RestartSupervisor.shouldRestart(exited("unless-stopped", null, 1, 0, false, 10), true)).isTrue();
		assertThat(RestartSupervisor.shouldRestart(exited("no", null, 1, 0, false, 10), true)).isFalse();
	}

	@Test
	void unknownPoliciesAndMisplacedRetryCountsAreRefused() {
		assertThatThrownBy(() -> RestartSupervisor.validate(new ContainerConfig.RestartPolicy("sometimes", null)))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("on-failure, always or unless-stopped");
		assertThatThrownBy(() -> RestartSupervisor.validate(new ContainerConfig.RestartPolicy("always", 3)))
			.hasMessageContaining("only allowed with 'on-failure'");
		assertThatThrownBy(() -> RestartSupervisor.validate(new ContainerConfig.RestartPolicy("on-failure", -1)))
			.hasMessageContaining("negative");
	}

	@Test
	void delaysDoubleWhileTheContainerKeepsFailingFastAndStartOverAfterALongRun() {
		List<Long> fired = new CopyOnWriteArrayList<>();
		long t0 = System.nanoTime();
		try (RestartSupervisor supervisor = new RestartSupervisor((id) -> fired.add(System.nanoTime()))) {
			supervisor.exited(exited("always", null, 0, 0, false, 10), false);
			waitFor(() -> fired.size() == 1);
			supervisor.exited(exited("always", null, 0, 1, false, 10), false);
			waitFor(() -> fired.size() == 2);
			long first = fired.get(0) - t0;
			long second = fired.get(1) - fired.get(0);
			assertThat(TimeUnit.NANOSECONDS.toMillis(first)).isBetween(90L, 1000L);
			assertThat(TimeUnit.NANOSECONDS.toMillis(second)).isGreaterThanOrEqualTo(190L);
			// a run of 10 s resets the delay to the first one
			long before = System.nanoTime();
			supervisor.exited(exited("always", null, 0, 2, false, 10_000), false);
			waitFor(() -> fired.size() == 3);
			assertThat(TimeUnit.NANOSECONDS.toMillis(fired.get(2) - before)).isLessThan(190L);
		}
	}

	@Test
	void exitedSaysWhetherARestartIsNowPending() {
		try (RestartSupervisor supervisor = new RestartSupervisor((id) -> {
		})) {
			assertThat(supervisor.exited(exited("on-failure", null, 0, 0, false, 10), false)).isFalse();
			assertThat(supervisor.isPending(ID)).isFalse();
			assertThat(supervisor.exited(exited("on-failure", null, 1, 0, false, 10), false)).isTrue();
			assertThat(supervisor.isPending(ID)).isTrue();
		}
	}

	@Test
	void aCancelledRestartDoesNotHappen() throws InterruptedException {
		List<String> fired = new CopyOnWriteArrayList<>();
		try (RestartSupervisor supervisor = new RestartSupervisor(fired::add)) {
			supervisor.exited(exited("always", null, 0, 0, false, 10), false);
			assertThat(supervisor.isPending(ID)).isTrue();
			supervisor.cancel(ID);
			Thread.sleep(300);
			assertThat(fired).isEmpty();
		}
	}

}
