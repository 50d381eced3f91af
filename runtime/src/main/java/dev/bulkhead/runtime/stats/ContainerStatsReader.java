package dev.bulkhead.runtime.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Reads a running container's resource usage: its cgroup {@code /bulkhead/<id>} (the path
 * Bulkhead writes into every container's OCI spec) and the network namespace of its main
 * process. Stateless and safe to share; CPU percent needs two readings
 * ({@link #withCpuPercent}).
 */
public final class ContainerStatsReader {

	private final CgroupStats cgroups;

	private final Path proc;

	private final Clock clock;

	public ContainerStatsReader(CgroupStats cgroups, Path proc, Clock clock) {
		this.cgroups = cgroups;
		this.proc = proc;
		this.clock = clock;
	}

	public static ContainerStatsReader host() {
		return new ContainerStatsReader(CgroupStats.host(), Path.of("/proc"), Clock.systemUTC());
	}

	/** The cgroup of a container, as written into its OCI spec. */
	public static String cgroupPath(String containerId) {
		return "/bulkhead/" + containerId;
	}

	public int cgroupVersion() {
		return this.cgroups.version();
	}

	/**
	 * One reading; empty when the container's cgroup is gone (it is not running).
	 * @param pid the host pid of the container's main process, for its network namespace;
	 * null to leave the network out
	 */
	public Optional<ContainerStats> read(String containerId, Integer pid) {
		return this.cgroups.read(cgroupPath(containerId))
			.map((reading) -> new ContainerStats(this.clock.instant(), this.cgroups.version(), reading.cpu(),
					reading.memory(), reading.pids(), network(pid), reading.blockIo()));
	}

	/** The cgroup alone (for memory figures at exit, before the cgroup is removed). */
	public Optional<CgroupReading> readCgroup(String containerId) {
		return this.cgroups.read(cgroupPath(containerId));
	}

	/** The container's processes, in ascending host pid order. */
	public List<ProcessInfo> top(String containerId, LongFunction<String> userNames) {
		return new ProcessTable(this.proc).describe(this.cgroups.processes(cgroupPath(containerId)), userNames);
	}

	/**
	 * The later reading with its CPU use since the earlier one, in percent of one CPU.
	 */
	public static ContainerStats withCpuPercent(ContainerStats earlier, ContainerStats later) {
		long wall = Duration.between(earlier.read(), later.read()).toNanos();
		long used = later.cpu().usageNanos() - earlier.cpu().usageNanos();
		if (wall <= 0 || used < 0) {
			return later;
		}
		double percent = Math.round(used * 10000.0 / wall) / 100.0;
		return later.withCpuPercent(percent);
	}

	private ContainerStats.Network network(Integer pid) {
		if (pid == null) {
			return null;
		}
		try {
			return NetDev.parse(Files.readString(this.proc.resolve(Integer.toString(pid)).resolve("net/dev")));
		}
		catch (IOException ex) {
			return null;
		}
	}

}
