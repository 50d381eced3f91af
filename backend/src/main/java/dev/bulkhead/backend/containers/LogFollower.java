package dev.bulkhead.backend.containers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.runner.CriLogReader;

/**
 * Writes a container's log as it grows ({@code GET .../logs?follow=true}, like
 * {@code docker logs -f}): first what was asked for, then each new line as the container
 * writes it, until the container is no longer running (or removed) and nothing more is
 * left to read. The log is read again from the last line sent, so lines written at the
 * same instant are counted rather than repeated.
 */
public final class LogFollower {

	private static final Duration POLL = Duration.ofMillis(250);

	private final ContainerService containers;

	private final String id;

	private final boolean stdout;

	private final boolean stderr;

	private final Function<CriLogReader.Entry, byte[]> format;

	LogFollower(ContainerService containers, String id, boolean stdout, boolean stderr,
			Function<CriLogReader.Entry, String> format) {
		this(format.andThen((line) -> (line + "\n").getBytes(StandardCharsets.UTF_8)), containers, id, stdout, stderr);
	}

	private LogFollower(Function<CriLogReader.Entry, byte[]> encode, ContainerService containers, String id,
			boolean stdout, boolean stderr) {
		this.containers = containers;
		this.id = id;
		this.stdout = stdout;
		this.stderr = stderr;
		this.format = encode;
	}

	/**
	 * A follower that writes each entry as {@code encode} makes it (the Docker API writes
	 * frames of its multiplexed stream).
	 */
	public static LogFollower encoding(ContainerService containers, String id, boolean stdout, boolean stderr,
			Function<CriLogReader.Entry, byte[]> encode) {
		return new LogFollower(encode, containers, id, stdout, stderr);
	}

	/**
	 * Writes {@code first}, then follows; returns when the container stopped.
	 * @param asked when {@code first} was read (taken before reading): with nothing shown
	 * yet (tail=0, or no output so far), lines from then on follow
	 */
	public void follow(List<CriLogReader.Entry> first, Instant asked, OutputStream out) throws IOException {
		Instant cursor = first.isEmpty() ? asked : null;
		int sentAtCursor = 0;
		List<CriLogReader.Entry> batch = first;
		while (true) {
			for (CriLogReader.Entry entry : batch) {
				out.write(this.format.apply(entry));
				if (entry.time().equals(cursor)) {
					sentAtCursor++;
				}
				else {
					cursor = entry.time();
					sentAtCursor = 1;
				}
			}
			out.flush();
			boolean running;
			try {
				running = this.containers.get(this.id).isRunning();
			}
			catch (NotFoundException ex) {
				return;
			}
			if (!running && batch.isEmpty() && first != batch) {
				return;
			}
			if (running) {
				sleep();
			}
			List<CriLogReader.Entry> all;
			try {
				all = this.containers.logs(this.id, this.stdout, this.stderr, cursor, -1);
			}
			catch (NotFoundException ex) {
				return;
			}
			// The reader includes lines at the cursor's own instant: skip those already
			// sent.
			int skip = 0;
			while (skip < all.size() && skip < sentAtCursor && all.get(skip).time().equals(cursor)) {
				skip++;
			}
			batch = all.subList(skip, all.size());
			if (!running && batch.isEmpty()) {
				return;
			}
		}
	}

	private static void sleep() throws IOException {
		try {
			Thread.sleep(POLL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while following the log", ex);
		}
	}

}
