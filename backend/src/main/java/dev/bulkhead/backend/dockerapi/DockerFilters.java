package dev.bulkhead.backend.dockerapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Docker's {@code filters} query parameter: a JSON object of lists
 * ({@code {"name":["web"]}}) or, from older clients, of sets
 * ({@code {"name":{"web":true}}}). Values of one key are alternatives; keys must all
 * match. Containers are filtered by {@code id} (prefix), {@code name} (substring, as
 * docker matches a pattern), {@code status} and {@code label} ({@code key} or
 * {@code key=value}).
 */
record DockerFilters(Map<String, List<String>> values) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static DockerFilters parse(String filters) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		if (filters == null || filters.isBlank()) {
			return new DockerFilters(values);
		}
		JsonNode tree;
		try {
			tree = JSON.readTree(filters);
		}
		catch (JacksonException ex) {
			throw new InvalidArgumentException("filters must be a JSON object such as {\"name\":[\"web\"]}");
		}
		for (Map.Entry<String, JsonNode> entry : tree.properties()) {
			List<String> list = new ArrayList<>();
			if (entry.getValue().isArray()) {
				entry.getValue().forEach((value) -> list.add(value.asString("")));
			}
			else {
				list.addAll(entry.getValue().propertyNames());
			}
			values.put(entry.getKey(), list);
		}
		return new DockerFilters(values);
	}

	boolean has(String key) {
		return this.values.containsKey(key);
	}

	boolean matches(Container c) {
		for (Map.Entry<String, List<String>> filter : this.values.entrySet()) {
			boolean any = filter.getValue().stream().anyMatch((value) -> switch (filter.getKey()) {
				case "id" -> c.id().startsWith(value);
				case "name" -> c.name().contains(value.startsWith("/") ? value.substring(1) : value);
				case "status" -> c.state().wireName().equals(value);
				case "label" -> label(c, value);
				case "ancestor" -> c.image().equals(value) || c.imageId().endsWith(value);
				default -> throw new InvalidArgumentException("invalid filter '" + filter.getKey()
						+ "': Bulkhead filters containers by id, name, status, label and ancestor");
			});
			if (!any) {
				return false;
			}
		}
		return true;
	}

	private static boolean label(Container c, String value) {
		int eq = value.indexOf('=');
		if (eq < 0) {
			return c.config().labels().containsKey(value);
		}
		return value.substring(eq + 1).equals(c.config().labels().get(value.substring(0, eq)));
	}

	/** Docker's booleans in queries: {@code 1}, {@code true}, {@code True}. */
	static boolean truthy(String value) {
		return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
	}

}
