package dev.bulkhead.runtime.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EventJournalTest {

	private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

	@TempDir
	Path dir;

	private static Event event(int second, String type, String action, String id) {
		return new Event(Instant.parse("2026-01-01T00:00:00.000000123Z").plusSeconds(second), type, action,
				new Event.Actor(id, Map.of("name", "n-" + id)));
	}

	@Test
	void eventsWrittenBeforeARestartAreReadBackWithNanoseconds() throws Exception {
		try (EventJournal journal = new EventJournal(this.dir, 1 << 20, JSON)) {
			journal.publish(event(1, "container", "create", "a"));
			journal.publish(event(2, "container", "die", "a").withAttribute("exitCode", "137"));
		}
		assertThat(Files.readAllLines(this.dir.resolve("events.jsonl"))).hasSize(2);
		try (EventJournal reopened = new EventJournal(this.dir, 1 << 20, JSON)) {
			List<Event> events = reopened.query(EventQuery.newest(10));
			assertThat(events).extracting(Event::action).containsExactly("create", "die");
			assertThat(events.get(1).attribute("exitCode")).isEqualTo("137");
			assertThat(events.get(0).time().getNano()).isEqualTo(123);
		}
	}

	@Test
	void aCutOffLastLineIsSkippedWhenReadingBack() throws Exception {
		try (EventJournal journal = new EventJournal(this.dir, 1 << 20, JSON)) {
			journal.publish(event(1, "container", "start", "a"));
		}
		Files.writeString(this.dir.resolve("events.jsonl"), "{\"time\":\"2026-",
				java.nio.file.StandardOpenOption.APPEND);
		try (EventJournal reopened = new EventJournal(this.dir, 1 << 20, JSON)) {
			assertThat(reopened.query(EventQuery.newest(10))).extracting(Event::action).containsExactly("start");
		}
	}

	@Test
	void rotationKeepsOnePreviousFileSoDiskStaysBounded() throws Exception {
		long cap = 1000;
		try (EventJournal journal = new EventJournal(this.dir, cap, JSON)) {
			for (int i = 0; i < 100; i++) {
				journal.publish(event(i, "container", "start", "c" + i));
			}
			List<Event> kept = journal.query(EventQuery.newest(1000));
			assertThat(kept).isNotEmpty().hasSizeLessThan(100);
			assertThat(kept.get(kept.size() - 1).actor().id()).isEqualTo("c99");
			try (var files = Files.list(this.dir)) {
				assertThat(files.map((f) -> f.getFileName().toString())).containsExactlyInAnyOrder("events.jsonl",
						"events.1.jsonl");
			}
			assertThat(Files.size(this.dir.resolve("events.jsonl"))).isLessThanOrEqualTo(cap);
			assertThat(Files.size(this.dir.resolve("events.1.jsonl"))).isLessThanOrEqualTo(cap);
			try (EventJournal reopened = new EventJournal(this.dir, cap, JSON)) {
				// what survives a restart is exactly what was kept in memory
				assertThat(reopened.query(EventQuery.newest(1000))).isEqualTo(kept);
			}
		}
	}

	@Test
	void queriesFilterByTimeAndAttributesAndAnswerTheNewestOldestFirst() {
		try (EventJournal journal = new EventJournal(this.dir, 1 << 20, JSON)) {
			for (int i = 0; i < 10; i++) {
				journal.publish(event(i, (i % 2 == 0) ? "container" : "image", "act" + i, "id" + i));
			}
			Instant base = Instant.parse("2026-01-01T00:00:00.000000123Z");
			List<Event> window = journal.query(
					new EventQuery(base.plusSeconds(2), base.plusSeconds(7), (e) -> e.type().equals("container"), 50));
			assertThat(window).extracting(Event::action).containsExactly("act4", "act6");
			assertThat(journal.query(new EventQuery(null, null, (e) -> e.type().equals("image"), 2)))
				.extracting(Event::action)
				.containsExactly("act7", "act9");
		}
	}

	@Test
	void aSlowSubscriberMissesEventsWithoutHoldingUpThePublisher() throws Exception {
		try (EventJournal journal = new EventJournal(this.dir, 1 << 20, JSON);
				EventSubscription slow = journal.subscribe(3);
				EventSubscription fast = journal.subscribe(100)) {
			long start = System.nanoTime();
			for (int i = 0; i < 50; i++) {
				journal.publish(event(i, "container", "start", "c" + i));
			}
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			assertThat(slow.missed()).isEqualTo(47);
			assertThat(slow.poll(Duration.ZERO).actor().id()).isEqualTo("c0");
			int received = 0;
			while (fast.poll(Duration.ZERO) != null) {
				received++;
			}
			assertThat(received).isEqualTo(50);
			assertThat(fast.missed()).isZero();
			// everything the slow one missed can still be read from the history
			assertThat(journal.query(EventQuery.newest(100))).hasSize(50);
		}
	}

	@Test
	void aClosedSubscriptionReceivesNothingMore() throws Exception {
		try (EventJournal journal = new EventJournal(this.dir, 1 << 20, JSON)) {
			EventSubscription subscription = journal.subscribe(10);
			subscription.close();
			journal.publish(event(1, "container", "start", "a"));
			assertThat(subscription.poll(Duration.ofMillis(10))).isNull();
		}
	}

}
