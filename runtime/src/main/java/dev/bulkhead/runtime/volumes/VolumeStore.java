package dev.bulkhead.runtime.volumes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Volumes on this host: each is a directory that containers mount, plus a record. The
 * store knows nothing of containers; whether a volume is in use is decided by the caller
 * (see the containers package).
 */
public interface VolumeStore {

	/**
	 * Makes an empty volume; a volume of that name already existing is a conflict.
	 * @param owner the owning team, or null
	 */
	Volume create(String name, Map<String, String> labels, Volume.Owner owner);

	/** Makes an anonymous volume with a random 64-hex-digit name. */
	Volume createAnonymous(Map<String, String> labels, Volume.Owner owner);

	/** Every volume, by name. */
	List<Volume> list();

	/** A volume by name; NotFoundException when there is none. */
	Volume get(String name);

	Optional<Volume> find(String name);

	/** The directory containers mount: {@code <data-root>/volumes/<name>/_data}. */
	Path mountpoint(String name);

	/**
	 * Bytes the volume's files take up on disk, found by walking its directory (files are
	 * counted once per inode).
	 */
	long sizeBytes(String name);

	/**
	 * Records that the volume was filled (or found in use), so nothing is copied again.
	 */
	Volume markPopulated(String name);

	/** Deletes the volume and its data. */
	void remove(String name);

}
