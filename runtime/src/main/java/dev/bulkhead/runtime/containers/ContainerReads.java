package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.runner.CriLogReader;
import dev.bulkhead.runtime.stats.ContainerStats;
import dev.bulkhead.runtime.stats.ContainerStatsReader;
import dev.bulkhead.runtime.stats.ProcessInfo;
import dev.bulkhead.runtime.stats.UserNames;

/**
 * What can be read about a container without changing it: its log, the OCI config runc
 * was given, its resource use and its processes. Reads take no lock: they see a record
 * and files that the lifecycle replaces atomically.
 */
final class ContainerReads {

	private final ContainerStore store;

	private final CriLogReader logs = new CriLogReader();

	private final ContainerStatsReader stats = ContainerStatsReader.host();

	ContainerReads(ContainerStore store) {
		this.store = store;
	}

	List<CriLogReader.Entry> logs(String idOrName, boolean stdout, boolean stderr, Instant since, int tail) {
		Container container = this.store.get(idOrName);
		return this.logs.read(BundleWriter.logFile(this.store.directory(container.id())), stdout, stderr, since, tail);
	}

	/**
	 * The bytes of the OCI {@code config.json} that runc was last given for this
	 * container, unchanged; written at each start, so a container that never started has
	 * none.
	 * @throws FailedPreconditionException when the container has not been started yet
	 */
	byte[] bundleConfig(String idOrName) {
		Container container = this.store.get(idOrName);
		Path config = BundleWriter.bundle(this.store.directory(container.id())).resolve("config.json");
		try {
			return Files.readAllBytes(config);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new FailedPreconditionException("container '" + container.name()
					+ "' has no OCI config yet: Bulkhead writes it when the container starts; start it first");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the OCI config of container '" + container.name() + "'", ex);
		}
	}

	/** A reading of a running container's resource use; empty when it is not running. */
	Optional<ContainerStats> stats(String idOrName) {
		Container container = this.store.get(idOrName);
		return container.isRunning() ? this.stats.read(container.id(), container.pid()) : Optional.empty();
	}

	/** The processes of a running container, named by its own /etc/passwd. */
	List<ProcessInfo> top(String idOrName) {
		Container container = this.store.get(idOrName);
		if (!container.isRunning()) {
			throw new ConflictException("container '" + container.name() + "' is " + container.state().wireName()
					+ "; only a running container has processes");
		}
		Path rootfs = BundleWriter.rootfs(this.store.directory(container.id()));
		return this.stats.top(container.id(), UserNames.of(rootfs));
	}

}
