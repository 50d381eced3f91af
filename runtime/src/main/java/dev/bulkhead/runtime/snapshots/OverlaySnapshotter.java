package dev.bulkhead.runtime.snapshots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.snapshots.SnapshotRecords.Entry;
import dev.bulkhead.runtime.snapshots.SnapshotRecords.Table;
import dev.bulkhead.runtime.state.FileTrees;
import dev.bulkhead.runtime.sys.Syscalls;

/**
 * A {@link Snapshotter} on overlayfs. Owns the snapshots directory: each snapshot is a
 * numbered directory {@code <root>/<id>} holding its layer in {@code fs} (and, while
 * active, overlayfs's scratch directory {@code work}); {@code <root>/metadata.json} maps
 * keys to those directories. Committed snapshots become lower directories of their
 * children, active ones the upper directory. The metadata is reloaded at construction and
 * directories a crash left without metadata are removed then.
 */
public final class OverlaySnapshotter implements Snapshotter {

	private static final String METADATA_FILE = "metadata.json";

	/** statfs f_type of overlayfs itself. */
	private static final long OVERLAYFS_MAGIC = 0x794c7630L;

	private final Path root;

	private final SnapshotRecords records;

	private final Clock clock;

	/** Guards {@link #snapshots}, {@link #nextId} and the directories they describe. */
	private final Object lock = new Object();

	private Map<String, Entry> snapshots;

	private long nextId;

	public OverlaySnapshotter(Path snapshotsRoot, Syscalls syscalls) {
		this(snapshotsRoot, syscalls, Clock.systemUTC());
	}

	OverlaySnapshotter(Path snapshotsRoot, Syscalls syscalls, Clock clock) {
		this.root = snapshotsRoot.toAbsolutePath().normalize();
		String rootText = this.root.toString();
		if (rootText.contains(",") || rootText.contains(":")) {
			throw new InvalidArgumentException("the snapshots directory " + this.root
					+ " contains ',' or ':', which overlayfs reads as option separators; choose a data root without them");
		}
		requireUpperCapableFilesystem(this.root, syscalls);
		this.records = new SnapshotRecords(this.root.resolve(METADATA_FILE));
		this.clock = clock;
		Table table = this.records.load();
		this.snapshots = new TreeMap<>(table.snapshots());
		this.nextId = table.nextId();
		removeLeftovers();
	}

	@Override
	public List<Mount> prepare(String key, String parent) {
		synchronized (this.lock) {
			return create(key, parent, Kind.ACTIVE);
		}
	}

	@Override
	public List<Mount> view(String key, String parent) {
		synchronized (this.lock) {
			return create(key, parent, Kind.VIEW);
		}
	}

	@Override
	public List<Mount> mounts(String key) {
		synchronized (this.lock) {
			Entry entry = require(key);
			if (entry.kind() == Kind.COMMITTED) {
				throw new FailedPreconditionException("snapshot " + key
						+ " is committed and is never mounted itself; create a view or an active snapshot on top of it");
			}
			return mountsOf(entry, key);
		}
	}

	@Override
	public Path applyDir(String activeKey) {
		synchronized (this.lock) {
			Entry entry = requireActive(activeKey, "apply a layer to it");
			return fsDir(entry.id());
		}
	}

	@Override
	public void commit(String name, String activeKey) {
		synchronized (this.lock) {
			validateKey(name);
			Entry active = requireActive(activeKey, "commit it");
			if (this.snapshots.containsKey(name)) {
				throw new ConflictException(
						"cannot commit " + activeKey + " as " + name + ": a snapshot called " + name + " exists");
			}
			Map<String, Entry> next = new TreeMap<>(this.snapshots);
			next.remove(activeKey);
			next.put(name, new Entry(active.id(), active.parent(), Kind.COMMITTED, this.clock.instant()));
			save(next, this.nextId);
			FileTrees.delete(workDir(active.id()));
		}
	}

	@Override
	public void remove(String key) {
		synchronized (this.lock) {
			Entry entry = require(key);
			List<String> children = childrenOf(key);
			if (!children.isEmpty()) {
				throw new ConflictException("cannot remove snapshot " + key + ": snapshots " + children
						+ " are built on it; remove them first");
			}
			Map<String, Entry> next = new TreeMap<>(this.snapshots);
			next.remove(key);
			// Metadata first: a crash before the directory is gone leaves a leftover that
			// the next start removes, never metadata pointing at a missing directory.
			save(next, this.nextId);
			FileTrees.delete(snapshotDir(entry.id()));
		}
	}

	@Override
	public Optional<Info> stat(String key) {
		synchronized (this.lock) {
			return Optional.ofNullable(this.snapshots.get(key)).map((entry) -> info(key, entry));
		}
	}

	@Override
	public List<Info> list() {
		synchronized (this.lock) {
			return this.snapshots.entrySet().stream().map((e) -> info(e.getKey(), e.getValue())).toList();
		}
	}

	@Override
	public Usage usage(String key) {
		Path fs;
		synchronized (this.lock) {
			fs = fsDir(require(key).id());
		}
		// Walked outside the lock: a big layer must not stall every other snapshot call.
		return LayerDirectories.usage(fs);
	}

	private List<Mount> create(String key, String parent, Kind kind) {
		validateKey(key);
		if (this.snapshots.containsKey(key)) {
			throw new ConflictException("snapshot " + key + " already exists; choose another key or remove it first");
		}
		if (parent != null) {
			Entry parentEntry = this.snapshots.get(parent);
			if (parentEntry == null) {
				throw new NotFoundException("parent snapshot " + parent + " of " + key
						+ " does not exist; unpack the image's layers again");
			}
			if (parentEntry.kind() != Kind.COMMITTED) {
				throw new FailedPreconditionException("parent snapshot " + parent + " of " + key + " is "
						+ parentEntry.kind().name().toLowerCase() + "; only committed snapshots can be parents");
			}
		}
		long id = this.nextId;
		Entry entry = new Entry(id, parent, kind, this.clock.instant());
		List<Mount> mounts = mountsOf(entry, key);
		createDirectories(id, kind == Kind.ACTIVE);
		Map<String, Entry> next = new TreeMap<>(this.snapshots);
		next.put(key, entry);
		try {
			save(next, id + 1);
		}
		catch (RuntimeException ex) {
			FileTrees.delete(snapshotDir(id));
			throw ex;
		}
		return mounts;
	}

	private List<Mount> mountsOf(Entry entry, String key) {
		List<String> lowers = lowerDirs(entry.parent());
		if (entry.kind() == Kind.ACTIVE) {
			if (lowers.isEmpty()) {
				return List.of(new Mount("bind", fsDir(entry.id()).toString(), List.of("rbind", "rw")));
			}
			return List.of(overlay(key, List.of("lowerdir=" + String.join(":", lowers), "upperdir=" + fsDir(entry.id()),
					"workdir=" + workDir(entry.id()))));
		}
		if (lowers.isEmpty()) {
			return List.of(new Mount("bind", fsDir(entry.id()).toString(), List.of("rbind", "ro")));
		}
		if (lowers.size() == 1) {
			return List.of(new Mount("bind", lowers.get(0), List.of("rbind", "ro")));
		}
		// overlayfs mounts read-only without upper and work directories, but needs at
		// least
		// two lower directories for that.
		return List.of(overlay(key, List.of("lowerdir=" + String.join(":", lowers))));
	}

	/**
	 * Overlayfs reads all its options from one page. With absolute paths that allows
	 * chains of about a hundred layers under a short data root; images that deep are
	 * rare, so rather than mounting with relative paths from inside the snapshots
	 * directory, refuse clearly.
	 */
	private Mount overlay(String key, List<String> options) {
		int bytes = String.join(",", options).getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MountOptions.MAX_DATA_BYTES) {
			throw new FailedPreconditionException("snapshot " + key + " stacks too many layers for overlayfs: its mount"
					+ " options are " + bytes + " bytes, more than the kernel's limit of " + MountOptions.MAX_DATA_BYTES
					+ "; use an image with fewer layers or a shorter data root path");
		}
		return new Mount("overlay", "overlay", options);
	}

	/** The fs directories of {@code parent} and its ancestors, nearest first. */
	private List<String> lowerDirs(String parent) {
		List<String> lowers = new ArrayList<>();
		for (String key = parent; key != null; key = this.snapshots.get(key).parent()) {
			lowers.add(fsDir(this.snapshots.get(key).id()).toString());
		}
		return lowers;
	}

	private List<String> childrenOf(String key) {
		return this.snapshots.entrySet()
			.stream()
			.filter((e) -> key.equals(e.getValue().parent()))
			.map(Map.Entry::getKey)
			.toList();
	}

	private Entry require(String key) {
		Entry entry = this.snapshots.get(key);
		if (entry == null) {
			throw new NotFoundException("snapshot " + key + " does not exist");
		}
		return entry;
	}

	private Entry requireActive(String key, String purpose) {
		Entry entry = require(key);
		if (entry.kind() != Kind.ACTIVE) {
			throw new FailedPreconditionException("snapshot " + key + " is " + entry.kind().name().toLowerCase()
					+ ", not active; prepare an active snapshot to " + purpose);
		}
		return entry;
	}

	/**
	 * The kernel refuses an overlayfs upper directory that is itself on overlayfs, which
	 * is what a data root inside a container's own filesystem would be. Say so once, at
	 * start, rather than on every container start.
	 */
	private static void requireUpperCapableFilesystem(Path root, Syscalls syscalls) {
		try {
			Files.createDirectories(root);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the snapshots directory " + root, ex);
		}
		if (syscalls.statfs(root).type() == OVERLAYFS_MAGIC) {
			throw new FailedPreconditionException("the snapshots directory " + root
					+ " is on overlayfs, which cannot hold overlayfs upper directories; put the data root on another filesystem (e.g. a volume)");
		}
	}

	private static void validateKey(String key) {
		if (key == null || key.isBlank()) {
			throw new InvalidArgumentException("a snapshot key must not be empty");
		}
	}

	private void save(Map<String, Entry> next, long nextId) {
		this.records.save(new Table(nextId, next));
		this.snapshots = next;
		this.nextId = nextId;
	}

	private Info info(String key, Entry entry) {
		return new Info(key, entry.parent(), entry.kind(), entry.created());
	}

	private void createDirectories(long id, boolean withWork) {
		try {
			if (Files.exists(snapshotDir(id))) {
				throw new ConflictException("snapshot directory " + snapshotDir(id)
						+ " exists without metadata; restart the server so that it removes leftovers");
			}
			Files.createDirectories(fsDir(id));
			if (withWork) {
				Files.createDirectories(workDir(id));
			}
		}
		catch (IOException ex) {
			FileTrees.delete(snapshotDir(id));
			throw new UncheckedIOException("cannot create snapshot directory " + snapshotDir(id), ex);
		}
	}

	/** Removes what a crash between a directory change and its metadata write left. */
	private void removeLeftovers() {
		try (Stream<Path> children = Files.list(this.root)) {
			List<Long> known = this.snapshots.values().stream().map(Entry::id).toList();
			for (Path child : children.toList()) {
				String name = child.getFileName().toString();
				if (name.chars().allMatch(Character::isDigit) && !known.contains(Long.parseLong(name))) {
					FileTrees.delete(child);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list the snapshots directory " + this.root, ex);
		}
		this.snapshots.values()
			.stream()
			.filter((entry) -> entry.kind() == Kind.COMMITTED)
			.forEach((entry) -> FileTrees.delete(workDir(entry.id())));
	}

	private Path snapshotDir(long id) {
		return this.root.resolve(Long.toString(id));
	}

	private Path fsDir(long id) {
		return snapshotDir(id).resolve("fs");
	}

	private Path workDir(long id) {
		return snapshotDir(id).resolve("work");
	}

}
