package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.snapshots.Mount;
import dev.bulkhead.runtime.snapshots.Snapshotter;

/**
 * A test {@link Snapshotter} that keeps each snapshot's layer as a plain directory and
 * mounts nothing, so that image loading can be tested without root. It enforces the same
 * rules as a real snapshotter: unique names, committed parents, no removal while a
 * snapshot has children.
 */
final class DirectorySnapshotter implements Snapshotter {

	private final Path root;

	private final Map<String, Info> snapshots = Collections.synchronizedMap(new LinkedHashMap<>());

	private final Map<String, Path> dirs = Collections.synchronizedMap(new LinkedHashMap<>());

	private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

	private int next;

	DirectorySnapshotter(Path root) {
		this.root = root;
	}

	List<String> calls() {
		return List.copyOf(this.calls);
	}

	Path dir(String key) {
		return this.dirs.get(key);
	}

	@Override
	public synchronized List<Mount> prepare(String key, String parent) {
		this.calls.add("prepare " + key + " " + parent);
		return create(key, parent, Kind.ACTIVE);
	}

	@Override
	public synchronized List<Mount> view(String key, String parent) {
		this.calls.add("view " + key + " " + parent);
		return create(key, parent, Kind.VIEW);
	}

	private List<Mount> create(String key, String parent, Kind kind) {
		if (this.snapshots.containsKey(key)) {
			throw new ConflictException("snapshot " + key + " already exists");
		}
		if (parent != null
				&& (!this.snapshots.containsKey(parent) || this.snapshots.get(parent).kind() != Kind.COMMITTED)) {
			throw new NotFoundException("parent snapshot " + parent + " is not committed");
		}
		Path dir = this.root.resolve(String.valueOf(this.next++));
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.snapshots.put(key, new Info(key, parent, kind, Instant.now()));
		this.dirs.put(key, dir);
		return mounts(key);
	}

	@Override
	public List<Mount> mounts(String key) {
		return List.of(new Mount("bind", dirOf(key).toString(), List.of("rbind")));
	}

	@Override
	public Path applyDir(String activeKey) {
		return dirOf(activeKey);
	}

	@Override
	public synchronized void commit(String name, String activeKey) {
		this.calls.add("commit " + name + " " + activeKey);
		Info active = this.snapshots.get(activeKey);
		if (active == null || active.kind() != Kind.ACTIVE) {
			throw new NotFoundException("active snapshot " + activeKey + " does not exist");
		}
		if (this.snapshots.containsKey(name)) {
			throw new ConflictException("snapshot " + name + " already exists");
		}
		this.snapshots.remove(activeKey);
		this.snapshots.put(name, new Info(name, active.parent(), Kind.COMMITTED, Instant.now()));
		this.dirs.put(name, this.dirs.remove(activeKey));
	}

	@Override
	public synchronized void remove(String key) {
		this.calls.add("remove " + key);
		if (!this.snapshots.containsKey(key)) {
			throw new NotFoundException("snapshot " + key + " does not exist");
		}
		for (Info info : this.snapshots.values()) {
			if (key.equals(info.parent())) {
				throw new ConflictException("snapshot " + key + " has the child " + info.name());
			}
		}
		Path dir = this.dirs.remove(key);
		this.snapshots.remove(key);
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path path : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public Optional<Info> stat(String key) {
		return Optional.ofNullable(this.snapshots.get(key));
	}

	@Override
	public synchronized List<Info> list() {
		return List.copyOf(this.snapshots.values());
	}

	@Override
	public Usage usage(String key) {
		try (Stream<Path> walk = Files.walk(dirOf(key))) {
			long[] totals = new long[2];
			walk.forEach((path) -> {
				totals[1]++;
				if (Files.isRegularFile(path)) {
					try {
						totals[0] += Files.size(path);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}
			});
			return new Usage(totals[0], totals[1]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path dirOf(String key) {
		Path dir = this.dirs.get(key);
		if (dir == null) {
			throw new NotFoundException("snapshot " + key + " does not exist");
		}
		return dir;
	}

}
