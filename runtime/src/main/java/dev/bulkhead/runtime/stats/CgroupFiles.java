package dev.bulkhead.runtime.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reading the small text files of a cgroup: single numbers, {@code max}, and flat
 * {@code key value} tables. A file that is missing (a controller that is not enabled, an
 * older kernel) reads as empty rather than failing the whole reading.
 */
final class CgroupFiles {

	/** Values at or above this are v1's way of saying "no limit" (PAGE_COUNTER_MAX). */
	private static final long V1_UNLIMITED = 1L << 62;

	private CgroupFiles() {
	}

	static Optional<String> text(Path file) {
		try {
			return Optional.of(Files.readString(file).trim());
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	static Optional<Long> number(Path file) {
		return text(file).flatMap(CgroupFiles::parse);
	}

	/** A limit: {@code max}, a negative number or v1's huge value mean no limit. */
	static Optional<Long> limit(Path file) {
		return text(file).flatMap((value) -> value.equals("max") ? Optional.empty() : parse(value))
			.filter((value) -> value >= 0 && value < V1_UNLIMITED);
	}

	/** A flat table such as {@code memory.stat} or {@code cpu.stat}. */
	static Map<String, Long> table(Path file) {
		Map<String, Long> values = new LinkedHashMap<>();
		text(file).ifPresent((text) -> {
			for (String line : text.split("\n")) {
				String[] parts = line.trim().split("\\s+");
				if (parts.length == 2) {
					parse(parts[1]).ifPresent((value) -> values.put(parts[0], value));
				}
			}
		});
		return values;
	}

	static Optional<Long> parse(String value) {
		try {
			return Optional.of(Long.parseLong(value.trim()));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
