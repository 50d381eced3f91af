package dev.bulkhead.runtime.containers;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.events.Event;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerEventsTest {

	private static final String ID = "c".repeat(64);

	@TempDir
	Path dir;

	private final List<Event> published = new CopyOnWriteArrayList<>();

	private static Container container(String policy, Integer max, int restarts, boolean stopped) {
		ContainerConfig config = new ContainerConfig("web", "busybox", null, List.of("true"), null, null, null, null,
				null, null, null, null, null, null, null,
				new ContainerConfig.Lifecycle(new ContainerConfig.RestartPolicy(policy, max), null, null), null, null);
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		return new Container(ID, "web", "busybox", "sha256:" + "b".repeat(64), config, ContainerState.CREATED, now,
				null, null, null, false, false, null, null, null, null, new LifecycleStatus(restarts, stopped, null),
				null, null, null);
	}

	@Test
	void theStoreReportsARecordsBirthRenameAndRemoval() {
		ContainerStore store = new ContainerStore(this.dir, JsonMapper.builder().findAndAddModules().build(),
				this.published::add);
		Container created = container("no", null, 0, false);
		store.save(created);
		store.save(created.withState(ContainerState.RUNNING));
		store.save(created.renamed("api"));
		store.forget(ID);
		assertThat(this.published).extracting(Event::action).containsExactly("create", "rename", "destroy");
		assertThat(this.published.get(1).attribute("oldName")).isEqualTo("web");
		assertThat(this.published.get(1).attribute("name")).isEqualTo("api");
		assertThat(this.published).allSatisfy((e) -> assertThat(e.actor().id()).isEqualTo(ID));
	}

	@Test
	void anOomDeathIsAnOomThenADieWithTheMemoryEvidence() {
		Container dead = new Container(ID, "web", "busybox", "sha256:" + "b".repeat(64),
				container("no", null, 0, false).config(), ContainerState.EXITED, Instant.now(), Instant.now(),
				Instant.now(), 137, true, false, null, null, null, null, LifecycleStatus.NEW, null,
				new MemoryAtExit(64L << 20, 64L << 20), null);
		new ContainerEvents(this.published::add).exited(dead);
		assertThat(this.published).extracting(Event::action).containsExactly("oom", "die");
		Event die = this.published.get(1);
		assertThat(die.attribute("exitCode")).isEqualTo("137");
		assertThat(die.attribute("oomKilled")).isEqualTo("true");
		assertThat(die.attribute("memoryPeakBytes")).isEqualTo(Long.toString(64L << 20));
	}

	@Test
	void aStartByThePolicyIsAnnouncedAsARestartWithItsAttempt() {
		ContainerEvents events = new ContainerEvents(this.published::add);
		events.started(container("no", null, 0, false));
		events.started(container("on-failure", 3, 2, false));
		assertThat(this.published).extracting(Event::action).containsExactly("start", "restart", "start");
		Event restart = this.published.get(1);
		assertThat(restart.attribute("restartPolicy")).isEqualTo("on-failure");
		assertThat(restart.attribute("restartCount")).isEqualTo("2");
		assertThat(restart.attribute("maximumRetryCount")).isEqualTo("3");
	}

	@Test
	void aSinkThatFailsDoesNotFailTheLifecycle() {
		ContainerEvents events = new ContainerEvents((event) -> {
			throw new IllegalStateException("disk full");
		});
		events.started(container("no", null, 0, false));
		events.killed(container("no", null, 0, true), "TERM");
	}

}
