package dev.bulkhead.runtime.containers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.images.ImageConfig;

/**
 * Resolves the health check a container runs with: the request's, whose unset fields fall
 * back to the image's HEALTHCHECK, then to docker's defaults (every 30 s, 30 s timeout, 3
 * retries, no start period).
 */
final class Healthchecks {

	static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	static final int DEFAULT_RETRIES = 3;

	private Healthchecks() {
	}

	/**
	 * A health check ready to run.
	 *
	 * @param command the program and arguments run inside the container
	 */
	record Effective(List<String> command, Duration interval, Duration timeout, Duration startPeriod, int retries) {
	}

	/** Checks a request's health check before anything is created. */
	static void validate(ContainerConfig.Healthcheck check) {
		if (check == null) {
			return;
		}
		if (check.test() != null) {
			command(check.test(), "healthcheck.test");
		}
		requireAtLeast(check.intervalMillis(), 1, "healthcheck.intervalMillis");
		requireAtLeast(check.timeoutMillis(), 1, "healthcheck.timeoutMillis");
		requireAtLeast(check.startPeriodMillis(), 0, "healthcheck.startPeriodMillis");
		if (check.retries() != null && check.retries() < 0) {
			throw new InvalidArgumentException("healthcheck.retries must not be negative");
		}
	}

	static Optional<Effective> resolve(ContainerConfig.Healthcheck request, ImageConfig.Config imageConfig) {
		ImageConfig.Healthcheck image = (imageConfig != null) ? imageConfig.healthcheck() : null;
		List<String> test = (request != null && request.test() != null && !request.test().isEmpty()) ? request.test()
				: (image != null) ? image.test() : null;
		if (test == null || test.isEmpty()) {
			return Optional.empty();
		}
		List<String> command = command(test, "healthcheck.test");
		if (command.isEmpty()) {
			return Optional.empty();
		}
		Duration interval = pick((request != null) ? request.intervalMillis() : null,
				(image != null) ? image.interval() : null, DEFAULT_INTERVAL);
		Duration timeout = pick((request != null) ? request.timeoutMillis() : null,
				(image != null) ? image.timeout() : null, DEFAULT_TIMEOUT);
		Duration startPeriod = pick((request != null) ? request.startPeriodMillis() : null,
				(image != null) ? image.startPeriod() : null, Duration.ZERO);
		Integer retries = (request != null && request.retries() != null && request.retries() > 0) ? request.retries()
				: (image != null && image.retries() != null && image.retries() > 0) ? image.retries() : null;
		return Optional
			.of(new Effective(command, interval, timeout, startPeriod, (retries != null) ? retries : DEFAULT_RETRIES));
	}

	/** The command of a docker-style test; empty for {@code ["NONE"]}. */
	private static List<String> command(List<String> test, String field) {
		String kind = test.isEmpty() ? "" : test.get(0);
		switch (kind) {
			case "NONE":
				return List.of();
			case "CMD":
				if (test.size() < 2 || test.get(1).isBlank()) {
					throw new InvalidArgumentException(field + ": [\"CMD\", ...] needs a program to run");
				}
				return List.copyOf(test.subList(1, test.size()));
			case "CMD-SHELL":
				if (test.size() != 2 || test.get(1).isBlank()) {
					throw new InvalidArgumentException(field + ": [\"CMD-SHELL\", command] needs exactly one command");
				}
				List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c"));
				shell.add(test.get(1));
				return shell;
			default:
				throw new InvalidArgumentException(field + " must start with \"CMD\", \"CMD-SHELL\" or \"NONE\", e.g. "
						+ "[\"CMD-SHELL\", \"wget -q -O /dev/null http://127.0.0.1:8080/health\"]");
		}
	}

	/** The request's milliseconds, else the image's nanoseconds, else the default. */
	private static Duration pick(Long requestMillis, Long imageNanos, Duration fallback) {
		if (requestMillis != null && requestMillis > 0) {
			return Duration.ofMillis(requestMillis);
		}
		if (imageNanos != null && imageNanos > 0) {
			return Duration.ofNanos(imageNanos);
		}
		return fallback;
	}

	private static void requireAtLeast(Long value, long min, String field) {
		if (value != null && value != 0 && value < min) {
			throw new InvalidArgumentException(field + " must be at least " + min + " (0 or absent: the default)");
		}
	}

}
