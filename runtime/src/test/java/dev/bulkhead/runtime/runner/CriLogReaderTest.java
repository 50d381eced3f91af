package dev.bulkhead.runtime.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulkhead.runtime.runner.CriLogReader.Entry;
import dev.bulkhead.runtime.runner.CriLogReader.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CriLogReaderTest {

	private static final String LOG = """
			2024-05-01T10:00:00.000000001Z stdout F first line
			2024-05-01T10:00:01.000000000Z stderr P warn
			2024-05-01T10:00:01.500000000Z stdout P hel
			2024-05-01T10:00:02.000000000Z stderr F ing: disk
			2024-05-01T10:00:03.000000000Z stdout F lo world
			not a log line at all
			2024-05-01T10:00:04.000000000Z stdout F
			2024-05-01T10:00:05+02:00 stdout F  two  spaces\tand tab
			2024-05-01T10:00:06.000000000Z stderr F last error
			""";

	@TempDir
	Path dir;

	private final CriLogReader reader = new CriLogReader();

	private Path log(String content) throws IOException {
		Path file = this.dir.resolve("container.log");
		Files.writeString(file, content, StandardCharsets.UTF_8);
		return file;
	}

	private static List<String> texts(List<Entry> entries) {
		return entries.stream().map(Entry::text).toList();
	}

	@Test
	void joinsPartialRecordsPerStreamAndSkipsMalformedLines() throws IOException {
		List<Entry> entries = this.reader.read(log(LOG), true, true, null, -1);

		assertThat(entries).extracting(Entry::stream)
			.containsExactly(Stream.STDOUT, Stream.STDERR, Stream.STDOUT, Stream.STDOUT, Stream.STDOUT, Stream.STDERR);
		assertThat(texts(entries)).containsExactly("first line", "warning: disk", "hello world", "",
				" two  spaces\tand tab", "last error");
	}

	@Test
	void joinedLineCarriesTheTimeOfItsFinalRecord() throws IOException {
		List<Entry> entries = this.reader.read(log(LOG), true, false, null, -1);

		assertThat(entries.get(1).time()).isEqualTo(Instant.parse("2024-05-01T10:00:03Z"));
		assertThat(entries.get(0).time()).isEqualTo(Instant.parse("2024-05-01T10:00:00.000000001Z"));
		assertThat(entries.get(3).time()).isEqualTo(Instant.parse("2024-05-01T08:00:05Z"));
	}

	@Test
	void filtersByStream() throws IOException {
		Path file = log(LOG);

		assertThat(texts(this.reader.read(file, true, false, null, -1))).containsExactly("first line", "hello world",
				"", " two  spaces\tand tab");
		assertThat(texts(this.reader.read(file, false, true, null, -1))).containsExactly("warning: disk", "last error");
		assertThat(this.reader.read(file, false, false, null, -1)).isEmpty();
	}

	@Test
	void tailKeepsTheLastLinesAfterFiltering() throws IOException {
		Path file = log(LOG);

		assertThat(texts(this.reader.read(file, true, true, null, 2))).containsExactly(" two  spaces\tand tab",
				"last error");
		assertThat(texts(this.reader.read(file, true, false, null, 1))).containsExactly(" two  spaces\tand tab");
		assertThat(this.reader.read(file, true, true, null, 0)).isEmpty();
	}

	@Test
	void sinceDropsLinesBeforeTheGivenTime() throws IOException {
		List<Entry> entries = this.reader.read(log(LOG), true, true, Instant.parse("2024-05-01T10:00:03Z"), -1);

		assertThat(texts(entries)).containsExactly("hello world", "", "last error");
	}

	@Test
	void missingFileReadsAsNoLines() {
		assertThat(this.reader.read(this.dir.resolve("absent.log"), true, true, null, -1)).isEmpty();
	}

	@Test
	void partialRecordsOfOneStreamDoNotLeakIntoTheOther() {
		Map<Stream, StringBuilder> partial = new EnumMap<>(Stream.class);

		assertThat(CriLogReader.parse("2024-05-01T10:00:00Z stdout P out-", partial)).isNull();
		Entry err = CriLogReader.parse("2024-05-01T10:00:01Z stderr F err", partial);
		Entry out = CriLogReader.parse("2024-05-01T10:00:02Z stdout F done", partial);

		assertThat(err.text()).isEqualTo("err");
		assertThat(out.text()).isEqualTo("out-done");
		assertThat(partial).isEmpty();
	}

	@Test
	void malformedRecordsAreSkipped() {
		Map<Stream, StringBuilder> partial = new EnumMap<>(Stream.class);

		assertThat(CriLogReader.parse("", partial)).isNull();
		assertThat(CriLogReader.parse("2024-05-01T10:00:00Z", partial)).isNull();
		assertThat(CriLogReader.parse("2024-05-01T10:00:00Z stdout", partial)).isNull();
		assertThat(CriLogReader.parse("yesterday stdout F text", partial)).isNull();
		assertThat(CriLogReader.parse("2024-05-01T10:00:00Z stdin F text", partial)).isNull();
		assertThat(partial).isEmpty();
	}

	@Test
	void fullRecordWithEmptyTextIsAnEmptyLine() {
		Map<Stream, StringBuilder> partial = new EnumMap<>(Stream.class);

		assertThat(CriLogReader.parse("2024-05-01T10:00:00Z stdout F", partial).text()).isEmpty();
		assertThat(CriLogReader.parse("2024-05-01T10:00:00Z stdout F ", partial).text()).isEmpty();
	}

}
