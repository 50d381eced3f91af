package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroup directories of a container ({@code bulkhead/<id>} in every hierarchy: each
 * v1 controller, the v2 root, and the hybrid "unified" mount). runc removes them on
 * delete; when a start fails half-way runc may not know the container, and these are what
 * is left.
 */
final class CgroupDirectories {

	private static final Logger log = LoggerFactory.getLogger(CgroupDirectories.class);

	static final String PARENT = "bulkhead";

	private final Path cgroupRoot;

	CgroupDirectories(Path cgroupRoot) {
		this.cgroupRoot = cgroupRoot;
	}

	/** The container's cgroup path as written into its OCI spec. */
	static String specPath(String id) {
		return "/" + PARENT + "/" + id;
	}

	List<Path> of(String id) {
		List<Path> found = new ArrayList<>();
		if (!Files.isDirectory(this.cgroupRoot)) {
			return found;
		}
		Path direct = this.cgroupRoot.resolve(PARENT).resolve(id);
		if (Files.isDirectory(direct)) {
			found.add(direct);
		}
		try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(this.cgroupRoot, Files::isDirectory)) {
			for (Path hierarchy : hierarchies) {
				Path dir = hierarchy.resolve(PARENT).resolve(id);
				if (Files.isDirectory(dir)) {
					found.add(dir);
				}
			}
		}
		catch (IOException ex) {
			log.warn("Cannot list cgroup hierarchies under {}: {}", this.cgroupRoot, ex.getMessage());
		}
		return found;
	}

	/**
	 * Removes whatever directories of the container remain. A cgroup directory can only
	 * be removed once it has no processes, which is the case after the container exited.
	 */
	void removeLeftovers(String id) {
		for (Path dir : of(id)) {
			try {
				Files.delete(dir);
			}
			catch (IOException ex) {
				log.warn("Cannot remove the cgroup {} of container {}: {}", dir, id, ex.getMessage());
			}
		}
	}

}
