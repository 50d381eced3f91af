package dev.bulkhead.backend.containers;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.ContainerState;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerFilterTest {

	private static Container container(String name, ContainerState state) {
		ContainerConfig config = new ContainerConfig(name, "busybox", null, List.of("false"), null, null, null, null,
				null, null, null, null, null);
		return new Container(name.repeat(64).substring(0, 64), name, "busybox", "sha256:" + "b".repeat(64), config,
				state, Instant.EPOCH, null, null, null, false, false, null, null, null);
	}

	@Test
	void theRestartingChoiceShowsOnlyContainersWaitingForTheirPolicysRestart() {
		Container waiting = container("a", ContainerState.RESTARTING);
		Container exited = container("b", ContainerState.EXITED);
		assertThat(ContainerFilter.of(null, "restarting").apply(List.of(waiting, exited))).containsExactly(waiting);
		assertThat(ContainerFilter.of(null, "exited").apply(List.of(waiting, exited))).containsExactly(exited);
	}

	@Test
	void anUnknownStateNamesTheChoices() {
		assertThatThrownBy(() -> ContainerFilter.of(null, "asleep")).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("restarting");
	}

}
