package dev.bulkhead.runtime.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/**
 * Lists where two JSON trees differ, by JSON path, so that a golden-file mismatch says
 * which fields changed instead of printing two whole documents.
 */
public final class JsonTreeDiff {

	private JsonTreeDiff() {
	}

	public static List<String> differences(JsonNode expected, JsonNode actual) {
		List<String> out = new ArrayList<>();
		compare("$", expected, actual, out);
		return out;
	}

	private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
		if (expected == null || actual == null) {
			out.add(path + ": expected " + expected + " but was " + actual);
			return;
		}
		if (expected.isObject() && actual.isObject()) {
			TreeSet<String> names = new TreeSet<>(expected.propertyNames());
			names.addAll(actual.propertyNames());
			for (String name : names) {
				JsonNode e = expected.get(name);
				JsonNode a = actual.get(name);
				if (e == null) {
					out.add(path + "." + name + ": unexpected, was " + a);
				}
				else if (a == null) {
					out.add(path + "." + name + ": missing, expected " + e);
				}
				else {
					compare(path + "." + name, e, a, out);
				}
			}
			return;
		}
		if (expected.isArray() && actual.isArray()) {
			int common = Math.min(expected.size(), actual.size());
			for (int i = 0; i < common; i++) {
				compare(path + "[" + i + "]", expected.get(i), actual.get(i), out);
			}
			for (int i = common; i < expected.size(); i++) {
				out.add(path + "[" + i + "]: missing, expected " + expected.get(i));
			}
			for (int i = common; i < actual.size(); i++) {
				out.add(path + "[" + i + "]: unexpected, was " + actual.get(i));
			}
			return;
		}
		if (!expected.equals(actual)) {
			out.add(path + ": expected " + expected + " but was " + actual);
		}
	}

}
