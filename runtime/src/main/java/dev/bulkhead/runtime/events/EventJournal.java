package dev.bulkhead.runtime.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runtime's events, kept in {@code <data-root>/events/events.jsonl}, one JSON object
 * a line, appended and flushed as they happen so that they survive a restart of the
 * server. When the file passes its size cap it becomes {@code events.1.jsonl} (replacing
 * the one before), so the disk holds at most two files' worth. What the files hold is
 * also kept in memory for queries; readers that follow new events subscribe with a
 * bounded queue.
 */
public final class EventJournal implements EventSink, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EventJournal.class);

	/** Each of the two files is rotated at this size unless told otherwise. */
	public static final long DEFAULT_MAX_FILE_BYTES = 8L * 1024 * 1024;

	static final String CURRENT = "events.jsonl";

	static final String PREVIOUS = "events.1.jsonl";

	private final Path dir;

	private final long maxFileBytes;

	private final JsonMapper json;

	private final Deque<Event> kept = new ArrayDeque<>();

	private final List<EventSubscription> subscribers = new CopyOnWriteArrayList<>();

	/** How many of {@link #kept} (the oldest) came from the previous file. */
	private int inPrevious;

	private long currentBytes;

	private OutputStream out;

	/**
	 * Opens the journal in {@code dir} (created if missing) and reads back what it holds.
	 */
	public EventJournal(Path dir, long maxFileBytes, JsonMapper json) {
		this.dir = dir;
		this.maxFileBytes = maxFileBytes;
		this.json = json;
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException("cannot create the event directory " + dir, ex);
		}
		this.inPrevious = readInto(dir.resolve(PREVIOUS));
		readInto(dir.resolve(CURRENT));
		this.currentBytes = sizeOf(dir.resolve(CURRENT));
	}

	/** The journal under a data root, with the default size cap. */
	public static EventJournal underDataRoot(Path dataRoot, JsonMapper json) {
		return new EventJournal(dataRoot.resolve("events"), DEFAULT_MAX_FILE_BYTES, json);
	}

	/**
	 * Appends the event, then offers it to every subscriber; a full subscriber misses it.
	 * A failed write is logged and the event is still kept in memory and delivered.
	 */
	@Override
	public synchronized void publish(Event event) {
		byte[] line = (this.json.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
		try {
			if (this.currentBytes > 0 && this.currentBytes + line.length > this.maxFileBytes) {
				rotate();
			}
			if (this.out == null) {
				this.out = Files.newOutputStream(this.dir.resolve(CURRENT), StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			this.out.write(line);
			this.out.flush();
			this.currentBytes += line.length;
		}
		catch (IOException ex) {
			log.warn("Could not write an event to {}: {}", this.dir, ex.getMessage());
			closeQuietly();
		}
		this.kept.addLast(event);
		for (EventSubscription subscriber : this.subscribers) {
			subscriber.offer(event);
		}
	}

	/**
	 * The newest {@code query.limit()} events that match, oldest first.
	 */
	public synchronized List<Event> query(EventQuery query) {
		List<Event> newestFirst = new ArrayList<>();
		Iterator<Event> it = this.kept.descendingIterator();
		while (it.hasNext() && newestFirst.size() < query.limit()) {
			Event event = it.next();
			if (query.matches(event)) {
				newestFirst.add(event);
			}
		}
		Collections.reverse(newestFirst);
		return newestFirst;
	}

	/**
	 * Follows new events through a queue of {@code capacity}; close the subscription when
	 * done.
	 */
	public EventSubscription subscribe(int capacity) {
		EventSubscription subscription = new EventSubscription(this, capacity);
		this.subscribers.add(subscription);
		return subscription;
	}

	void unsubscribe(EventSubscription subscription) {
		this.subscribers.remove(subscription);
	}

	@Override
	public synchronized void close() {
		closeQuietly();
	}

	private void rotate() throws IOException {
		closeQuietly();
		Files.move(this.dir.resolve(CURRENT), this.dir.resolve(PREVIOUS), StandardCopyOption.REPLACE_EXISTING);
		for (int i = 0; i < this.inPrevious; i++) {
			this.kept.removeFirst();
		}
		this.inPrevious = this.kept.size();
		this.currentBytes = 0;
	}

	private void closeQuietly() {
		if (this.out != null) {
			try {
				this.out.close();
			}
			catch (IOException ex) {
				log.debug("Closing the event file failed: {}", ex.getMessage());
			}
			this.out = null;
		}
	}

	/**
	 * Reads a file's events into memory; a line that cannot be read (the last one, cut
	 * off when the host stopped mid-write) is skipped.
	 */
	private int readInto(Path file) {
		int count = 0;
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isBlank()) {
					continue;
				}
				try {
					this.kept.addLast(this.json.readValue(line, Event.class));
					count++;
				}
				catch (RuntimeException ex) {
					log.debug("Skipping an unreadable event line in {}: {}", file, ex.getMessage());
				}
			}
		}
		catch (NoSuchFileException ex) {
			return 0;
		}
		catch (IOException ex) {
			log.warn("Could not read the events in {}: {}", file, ex.getMessage());
		}
		return count;
	}

	private static long sizeOf(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
