package dev.bulkhead.backend.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Reads the lifecycle fields of a create request as docker users write them: a restart
 * policy as {@code "on-failure:3"} or {@code {"name": "on-failure", "maximumRetryCount":
 * 3}}, a health check as {@code {"test": ["CMD-SHELL", "..."], "interval": "30s",
 * "timeout": "5s", "startPeriod": "0s", "retries": 3}} with durations such as
 * {@code 500ms}, {@code 30s}, {@code 1m30s}.
 */
final class LifecycleRequest {

	private static final Pattern DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

	private LifecycleRequest() {
	}

	static ContainerConfig.Lifecycle parse(Object restartPolicy, Object healthcheck, Boolean init) {
		if (restartPolicy == null && healthcheck == null && init == null) {
			return null;
		}
		return new ContainerConfig.Lifecycle(restartPolicy(restartPolicy), healthcheck(healthcheck), init);
	}

	static ContainerConfig.RestartPolicy restartPolicy(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof String text) {
			if (text.isBlank()) {
				return null;
			}
			int colon = text.indexOf(':');
			if (colon < 0) {
				return new ContainerConfig.RestartPolicy(text.strip(), null);
			}
			return new ContainerConfig.RestartPolicy(text.substring(0, colon).strip(),
					integer(text.substring(colon + 1).strip(), "restartPolicy"));
		}
		if (value instanceof Map<?, ?> map) {
			Object name = map.get("name");
			Object max = map.get("maximumRetryCount");
			if (name != null && !(name instanceof String)) {
				throw new InvalidArgumentException("restartPolicy.name must be a string such as \"on-failure\"");
			}
			return new ContainerConfig.RestartPolicy((String) name,
					(max == null) ? null : integer(max.toString(), "restartPolicy.maximumRetryCount"));
		}
		throw new InvalidArgumentException("restartPolicy must be a string such as \"on-failure:3\" or an object "
				+ "{\"name\": \"on-failure\", \"maximumRetryCount\": 3}");
	}

	static ContainerConfig.Healthcheck healthcheck(Object value) {
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw new InvalidArgumentException(
					"healthcheck must be an object {\"test\": [\"CMD-SHELL\", \"...\"], \"interval\": \"30s\", ...}");
		}
		List<String> test = null;
		Object rawTest = map.get("test");
		if (rawTest instanceof String shell) {
			test = List.of("CMD-SHELL", shell);
		}
		else if (rawTest instanceof List<?> list) {
			test = new ArrayList<>();
			for (Object part : list) {
				if (!(part instanceof String text)) {
					throw new InvalidArgumentException("healthcheck.test must be a list of strings");
				}
				test.add(text);
			}
		}
		else if (rawTest != null) {
			throw new InvalidArgumentException("healthcheck.test must be a list such as [\"CMD\", \"true\"]");
		}
		Object retries = map.get("retries");
		return new ContainerConfig.Healthcheck(test, millis(map.get("interval"), "healthcheck.interval"),
				millis(map.get("timeout"), "healthcheck.timeout"),
				millis(map.get("startPeriod"), "healthcheck.startPeriod"),
				(retries == null) ? null : integer(retries.toString(), "healthcheck.retries"));
	}

	/** A duration such as {@code 1m30s} or {@code 250ms}, in milliseconds. */
	static Long millis(Object value, String field) {
		if (value == null) {
			return null;
		}
		String text = value.toString().strip();
		Matcher part = DURATION_PART.matcher(text);
		double total = 0;
		int end = 0;
		while (part.find() && part.start() == end) {
			double amount = Double.parseDouble(part.group(1));
			total += switch (part.group(2)) {
				case "ms" -> amount;
				case "s" -> amount * 1000;
				case "m" -> amount * 60_000;
				default -> amount * 3_600_000;
			};
			end = part.end();
		}
		if (text.isEmpty() || end != text.length()) {
			throw new InvalidArgumentException(
					field + " '" + text + "' is not a duration; write it with a unit, such as 500ms, 30s or 1m30s");
		}
		return Math.round(total);
	}

	private static int integer(String text, String field) {
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new InvalidArgumentException(field + " '" + text + "' is not a whole number");
		}
	}

}
