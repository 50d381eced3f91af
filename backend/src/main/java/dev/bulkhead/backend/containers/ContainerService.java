package dev.bulkhead.backend.containers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;

import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.ContainerManager;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.runner.CriLogReader;

/**
 * The one service every entry point (native API, dashboard, later the Docker-compatible
 * API) uses for containers, so rules are applied the same way everywhere.
 */
@Service
public class ContainerService {

	static final int MAX_WAIT_SECONDS = 3600;

	private final ContainerManager manager;

	ContainerService(ContainerManager manager) {
		this.manager = manager;
	}

	public List<Container> list() {
		return this.manager.list();
	}

	public Container get(String idOrName) {
		return this.manager.get(idOrName);
	}

	public Container create(ContainerConfig config) {
		return this.manager.create(config);
	}

	public Container start(String idOrName) {
		return this.manager.start(idOrName);
	}

	public Container stop(String idOrName, Integer timeoutSeconds) {
		if (timeoutSeconds != null && (timeoutSeconds < 0 || timeoutSeconds > MAX_WAIT_SECONDS)) {
			throw new InvalidArgumentException("timeout must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
		}
		return this.manager.stop(idOrName, timeoutSeconds);
	}

	public Container kill(String idOrName, String signal) {
		return this.manager.kill(idOrName, signal);
	}

	public Container await(String idOrName, int timeoutSeconds) {
		if (timeoutSeconds < 0 || timeoutSeconds > MAX_WAIT_SECONDS) {
			throw new InvalidArgumentException("timeout must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
		}
		return this.manager.await(idOrName, Duration.ofSeconds(timeoutSeconds));
	}

	public List<CriLogReader.Entry> logs(String idOrName, boolean stdout, boolean stderr, Instant since, int tail) {
		return this.manager.logs(idOrName, stdout, stderr, since, tail);
	}

	public void remove(String idOrName, boolean force) {
		this.manager.remove(idOrName, force);
	}

}
