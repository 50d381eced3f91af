package dev.bulkhead.runtime.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the log file conmon writes in the CRI format: one record per line,
 * {@code <RFC 3339 time> <stdout|stderr> <F|P> <text>}, where {@code P} marks a partial
 * line that the next record of the same stream continues.
 */
public final class CriLogReader {

	/** Which streams to return. */
	public enum Stream {

		STDOUT, STDERR

	}

	/** One complete line of a container's output. */
	public record Entry(Instant time, Stream stream, String text) {
	}

	/**
	 * The complete lines of the file in order, filtered by stream and time, keeping only
	 * the last {@code tail} when {@code tail >= 0}.
	 */
	public List<Entry> read(Path file, boolean stdout, boolean stderr, Instant since, int tail) {
		Deque<Entry> entries = new ArrayDeque<>();
		Map<Stream, StringBuilder> partial = new EnumMap<>(Stream.class);
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			while ((line = reader.readLine()) != null) {
				Entry entry = parse(line, partial);
				if (entry == null || (entry.stream() == Stream.STDOUT && !stdout)
						|| (entry.stream() == Stream.STDERR && !stderr)
						|| (since != null && entry.time().isBefore(since))) {
					continue;
				}
				entries.addLast(entry);
				if (tail >= 0 && entries.size() > tail) {
					entries.removeFirst();
				}
			}
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read container log " + file, ex);
		}
		return new ArrayList<>(entries);
	}

	/**
	 * Parses one record; returns null for a partial record (kept in {@code partial}) or a
	 * malformed one.
	 */
	static Entry parse(String line, Map<Stream, StringBuilder> partial) {
		int first = line.indexOf(' ');
		int second = (first < 0) ? -1 : line.indexOf(' ', first + 1);
		int third = (second < 0) ? -1 : line.indexOf(' ', second + 1);
		if (third < 0) {
			// a full record with empty text has no trailing space after the tag
			if (second > 0 && line.length() > second + 1) {
				third = line.length();
			}
			else {
				return null;
			}
		}
		Instant time;
		try {
			time = OffsetDateTime.parse(line.substring(0, first)).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
		Stream stream = switch (line.substring(first + 1, second)) {
			case "stdout" -> Stream.STDOUT;
			case "stderr" -> Stream.STDERR;
			default -> null;
		};
		if (stream == null) {
			return null;
		}
		String tag = line.substring(second + 1, third);
		String text = (third < line.length()) ? line.substring(third + 1) : "";
		if (tag.startsWith("P")) {
			partial.computeIfAbsent(stream, (s) -> new StringBuilder()).append(text);
			return null;
		}
		StringBuilder pending = partial.remove(stream);
		return new Entry(time, stream, (pending != null) ? pending.append(text).toString() : text);
	}

}
