package dev.bulkhead.runtime.stats;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One cgroup hierarchy layout (v1 per-controller trees, or the v2 unified tree). */
interface CgroupReader {

	int version();

	/**
	 * Reads the cgroup at {@code cgroupPath} (such as {@code /bulkhead/<id>}); empty when
	 * it does not exist (the container is not running).
	 */
	Optional<CgroupReading> read(String cgroupPath);

	/** The directory whose {@code cgroup.procs} lists the cgroup's processes. */
	Optional<Path> procsDirectory(String cgroupPath);

	/** Host pids of the processes in the cgroup. */
	default List<Integer> processes(String cgroupPath) {
		return procsDirectory(cgroupPath).flatMap((dir) -> CgroupFiles.text(dir.resolve("cgroup.procs")))
			.map((text) -> text.lines()
				.map(String::trim)
				.filter((line) -> !line.isEmpty())
				.map(Integer::valueOf)
				.sorted()
				.toList())
			.orElse(List.of());
	}

	static Path under(Path hierarchy, String cgroupPath) {
		String relative = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
		return hierarchy.resolve(relative);
	}

}
