package dev.bulkhead.runtime.stats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads cgroups under a cgroup file system root, whichever version it is: a root holding
 * {@code cgroup.controllers} is the v2 unified hierarchy; otherwise each v1 controller
 * has its own tree below it (the hybrid layout, where v2 holds no controllers, reads as
 * v1).
 */
public final class CgroupStats {

	private final CgroupReader reader;

	private CgroupStats(CgroupReader reader) {
		this.reader = reader;
	}

	/** The host's cgroups, {@code /sys/fs/cgroup}. */
	public static CgroupStats host() {
		return at(Path.of("/sys/fs/cgroup"));
	}

	public static CgroupStats at(Path root) {
		return new CgroupStats(
				Files.exists(root.resolve("cgroup.controllers")) ? new CgroupV2Reader(root) : new CgroupV1Reader(root));
	}

	public int version() {
		return this.reader.version();
	}

	/** Reads a cgroup such as {@code /bulkhead/<id>}; empty if it does not exist. */
	public Optional<CgroupReading> read(String cgroupPath) {
		return this.reader.read(cgroupPath);
	}

	/** Host pids of the processes in the cgroup, in ascending order. */
	public List<Integer> processes(String cgroupPath) {
		return this.reader.processes(cgroupPath);
	}

}
