package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Finds the processes of one session by reading {@code /proc/<pid>/stat}. An exec'd
 * process leads a session of its own (runc calls setsid), so its session holds everything
 * it started, even children it has lost (reparented to the container's init); the host's
 * /proc reports session ids as host pids.
 */
final class SessionMembers {

	private final Path procRoot;

	SessionMembers(Path procRoot) {
		this.procRoot = procRoot;
	}

	/** Pids whose session id is {@code sessionId}, the leader included. */
	List<Integer> of(int sessionId) {
		List<Integer> members = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.procRoot)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				if (!name.chars().allMatch(Character::isDigit)) {
					continue;
				}
				OptionalInt session = sessionOf(entry.resolve("stat"));
				if (session.isPresent() && session.getAsInt() == sessionId) {
					members.add(Integer.parseInt(name));
				}
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException("cannot list " + this.procRoot, ex);
		}
		return members;
	}

	/**
	 * The session id in a stat line: the 6th field, counted after the command name in
	 * parentheses (which may itself hold spaces and parentheses).
	 */
	static OptionalInt parseSession(String stat) {
		int close = stat.lastIndexOf(')');
		if (close < 0) {
			return OptionalInt.empty();
		}
		String[] fields = stat.substring(close + 1).trim().split(" ");
		// state ppid pgrp session ...
		if (fields.length < 4) {
			return OptionalInt.empty();
		}
		try {
			return OptionalInt.of(Integer.parseInt(fields[3]));
		}
		catch (NumberFormatException ex) {
			return OptionalInt.empty();
		}
	}

	private static OptionalInt sessionOf(Path stat) {
		try {
			return parseSession(Files.readString(stat));
		}
		catch (IOException ex) {
			// the process exited while we looked
			return OptionalInt.empty();
		}
	}

}
