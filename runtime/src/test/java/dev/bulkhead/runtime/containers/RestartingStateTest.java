package dev.bulkhead.runtime.containers;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code restarting} state as the exit recorder writes it: set while the restart
 * policy's back-off is pending, {@code exited} when the policy leaves the container down,
 * and written to the record so a new server sees it.
 */
class RestartingStateTest {

	private static final String ID = "d".repeat(64);

	@TempDir
	Path root;

	private ContainerStore store;

	private final List<String> restarted = new CopyOnWriteArrayList<>();

	@BeforeEach
	void store() {
		this.store = new ContainerStore(this.root, JsonMapper.builder().build());
	}

	private static Container exited(String policy, int exitCode, ContainerState state) {
		ContainerConfig config = new ContainerConfig("web", "busybox", null, List.of("false"), null, null, null, null,
				null, null, null, null, null, null, null,
				new ContainerConfig.Lifecycle(new ContainerConfig.RestartPolicy(policy, null), null, null), null, null);
		Instant started = Instant.parse("2026-01-01T00:00:00Z");
		return new Container(ID, "web", "busybox", "sha256:" + "b".repeat(64), config, state, started, started,
				started.plusMillis(20), exitCode, false, false, null, null, null, null, LifecycleStatus.NEW, null, null,
				null);
	}

	/** Only the store and the supervisor take part in deciding the state. */
	private ExitRecorder recorder(RestartSupervisor supervisor) {
		return new ExitRecorder(null, this.store, new ContainerLocks(), null, null, supervisor);
	}

	@Test
	void aFailureUnderOnFailureIsRestartingOnDiskUntilTheBackOffFires() throws Exception {
		try (RestartSupervisor supervisor = new RestartSupervisor((id) -> {
			// the back-off of the first restart is 100 ms: long enough to look first
			this.restarted.add(id);
		})) {
			Container saved = recorder(supervisor).applyRestartPolicy(exited("on-failure", 1, ContainerState.EXITED),
					false);
			assertThat(saved.state()).isEqualTo(ContainerState.RESTARTING);
			assertThat(saved.isRestarting()).isTrue();
			assertThat(saved.isRunning()).isFalse();
			ContainerStore reread = new ContainerStore(this.root, JsonMapper.builder().build());
			reread.load();
			assertThat(reread.get(ID).state()).isEqualTo(ContainerState.RESTARTING);
			assertThat(reread.get(ID).state().wireName()).isEqualTo("restarting");
			Thread.sleep(400);
			assertThat(this.restarted).containsExactly(ID);
		}
	}

	@Test
	void aSuccessUnderOnFailureStaysExited() throws Exception {
		try (RestartSupervisor supervisor = new RestartSupervisor(this.restarted::add)) {
			Container saved = recorder(supervisor).applyRestartPolicy(exited("on-failure", 0, ContainerState.EXITED),
					false);
			assertThat(saved.state()).isEqualTo(ContainerState.EXITED);
			Thread.sleep(300);
			assertThat(this.restarted).isEmpty();
		}
	}

	@Test
	void aRestartingRecordWhosePolicyNoLongerWantsARestartBecomesExited() throws Exception {
		// as a new server finds it: restarting on disk, but a user's stop was recorded
		Container stopped = exited("always", 1, ContainerState.RESTARTING);
		stopped = stopped.withLifecycle(stopped.lifecycle().stoppedByUser());
		this.store.save(stopped);
		try (RestartSupervisor supervisor = new RestartSupervisor(this.restarted::add)) {
			Container saved = recorder(supervisor).applyRestartPolicy(stopped, false);
			assertThat(saved.state()).isEqualTo(ContainerState.EXITED);
			assertThat(this.store.get(ID).state()).isEqualTo(ContainerState.EXITED);
			assertThat(supervisor.isPending(ID)).isFalse();
		}
	}

	@Test
	void aRestartingRecordFoundAtServerStartIsScheduledAgain() throws Exception {
		Container found = exited("unless-stopped", 0, ContainerState.RESTARTING);
		this.store.save(found);
		try (RestartSupervisor supervisor = new RestartSupervisor(this.restarted::add)) {
			Container saved = recorder(supervisor).applyRestartPolicy(found, true);
			assertThat(saved.state()).isEqualTo(ContainerState.RESTARTING);
			assertThat(supervisor.isPending(ID)).isTrue();
			Thread.sleep(400);
			assertThat(this.restarted).containsExactly(ID);
		}
	}

}
