package dev.bulkhead.runtime.snapshots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.bulkhead.runtime.errors.InternalException;
import dev.bulkhead.runtime.state.AtomicFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The snapshotter's metadata file: which key names which numbered directory, its parent,
 * kind and creation time, and the next free number. Rewritten whole and atomically on
 * every change, so a crash leaves either the old table or the new one.
 */
final class SnapshotRecords {

	/** One snapshot as stored on disk. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Entry(long id, String parent, Snapshotter.Kind kind, Instant created) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Table(long nextId, Map<String, Entry> snapshots) {

		Table {
			snapshots = new TreeMap<>(snapshots != null ? snapshots : Map.of());
		}

	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path file;

	SnapshotRecords(Path file) {
		this.file = file;
	}

	Table load() {
		if (!Files.exists(this.file)) {
			return new Table(1, Map.of());
		}
		try {
			return JSON.readValue(this.file.toFile(), Table.class);
		}
		catch (JacksonException ex) {
			throw new InternalException("the snapshot metadata " + this.file
					+ " is unreadable; restore it from a backup or move the snapshots directory aside", ex);
		}
	}

	void save(Table table) {
		AtomicFiles.write(this.file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(table));
	}

}
