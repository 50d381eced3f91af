package dev.bulkhead.backend.containers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.backend.web.ServerSentEvents;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerManager;
import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.runner.CriLogReader;
import dev.bulkhead.runtime.stats.ContainerStats;
import dev.bulkhead.runtime.stats.ContainerStatsReader;
import dev.bulkhead.runtime.stats.ProcessInfo;

/**
 * What a viewer of a container's team may watch: its resource use (once or as a stream),
 * its processes and its log as it grows. Access is checked once, when a stream starts;
 * the stream then follows that one container.
 */
@Service
public class ContainerMonitoring {

	/** The window over which a single reading measures CPU percent. */
	private static final Duration CPU_WINDOW = Duration.ofMillis(250);

	private final ContainerManager manager;

	private final TeamAccess access;

	ContainerMonitoring(ContainerManager manager, TeamAccess access) {
		this.manager = manager;
		this.access = access;
	}

	/** Resolves a container the caller may inspect; its full id. */
	public String resolve(String idOrName) {
		return this.access.inspectContainer(idOrName);
	}

	/** One reading, with CPU percent measured over a quarter of a second. */
	public ContainerStats stats(String idOrName) {
		String id = resolve(idOrName);
		ContainerStats first = readRunning(id);
		ServerSentEvents.pause(CPU_WINDOW);
		return this.manager.stats(id).map((second) -> ContainerStatsReader.withCpuPercent(first, second)).orElse(first);
	}

	/** A reading of a resolved container; empty once it is no longer running. */
	Optional<ContainerStats> read(String id) {
		return this.manager.stats(id);
	}

	/** Fails with 409 unless the resolved container is running; its first reading. */
	ContainerStats readRunning(String id) {
		return this.manager.stats(id).orElseThrow(() -> notRunning(this.manager.get(id)));
	}

	public List<ProcessInfo> top(String idOrName) {
		return this.manager.top(resolve(idOrName));
	}

	Container container(String id) {
		return this.manager.get(id);
	}

	/** Log entries of a resolved container at or after {@code since}. */
	List<CriLogReader.Entry> logsSince(String id, Instant since) {
		return this.manager.logs(id, true, true, since, -1);
	}

	private static ConflictException notRunning(Container container) {
		return new ConflictException("container '" + container.name() + "' is " + container.state().wireName()
				+ "; resource figures exist only while it runs (inspect shows the memory limit and peak of its last exit)");
	}

}
