package dev.bulkhead.runtime.snapshots;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Filesystem snapshots with containerd's verbs. A snapshot is either active (writable,
 * made by {@link #prepare}), a read-only view, or committed (immutable, usable as a
 * parent). Image layers become a chain of committed snapshots named by their chain id; a
 * container's root filesystem is an active snapshot whose parent is the top of its
 * image's chain.
 */
public interface Snapshotter {

	/** Creates a writable active snapshot on top of {@code parent} (null for none). */
	List<Mount> prepare(String key, String parent);

	/** Creates a read-only view of {@code parent}. */
	List<Mount> view(String key, String parent);

	/** The mounts that assemble an existing active snapshot or view. */
	List<Mount> mounts(String key);

	/**
	 * The directory into which a layer diff is applied for an active snapshot, written in
	 * this snapshotter's native whiteout format (for overlayfs: 0:0 character devices and
	 * the opaque xattr).
	 */
	Path applyDir(String activeKey);

	/** Turns an active snapshot into a committed one called {@code name}. */
	void commit(String name, String activeKey);

	/** Removes a snapshot; refused (ConflictException) while it has children. */
	void remove(String key);

	Optional<Info> stat(String key);

	List<Info> list();

	/** Disk use of the snapshot's own layer, not of its parents. */
	Usage usage(String key);

	enum Kind {

		ACTIVE, VIEW, COMMITTED

	}

	record Info(String name, String parent, Kind kind, java.time.Instant created) {
	}

	record Usage(long bytes, long inodes) {
	}

}
