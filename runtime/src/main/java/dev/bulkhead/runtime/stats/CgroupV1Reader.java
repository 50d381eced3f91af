package dev.bulkhead.runtime.stats;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import dev.bulkhead.runtime.stats.ContainerStats.BlockIo;
import dev.bulkhead.runtime.stats.ContainerStats.Cpu;
import dev.bulkhead.runtime.stats.ContainerStats.Memory;
import dev.bulkhead.runtime.stats.ContainerStats.Pids;

/**
 * Version 1: one tree per controller, {@code <root>/<controller>/<cgroupPath>}. A
 * controller may be mounted on its own ({@code cpuacct}) or together with others
 * ({@code cpu,cpuacct}); both are found.
 */
final class CgroupV1Reader implements CgroupReader {

	private final Path root;

	CgroupV1Reader(Path root) {
		this.root = root;
	}

	@Override
	public int version() {
		return 1;
	}

	/** The cgroup's directory in the hierarchy of one controller. */
	Optional<Path> controller(String name, String cgroupPath) {
		try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(this.root, Files::isDirectory)) {
			for (Path hierarchy : hierarchies) {
				String mount = hierarchy.getFileName().toString();
				if (Arrays.asList(mount.split(",")).contains(name)) {
					Path dir = CgroupReader.under(hierarchy, cgroupPath);
					if (Files.isDirectory(dir)) {
						return Optional.of(dir);
					}
				}
			}
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		return Optional.empty();
	}

	@Override
	public Optional<Path> procsDirectory(String cgroupPath) {
		return controller("pids", cgroupPath).or(() -> controller("memory", cgroupPath))
			.or(() -> controller("cpuacct", cgroupPath));
	}

	@Override
	public Optional<CgroupReading> read(String cgroupPath) {
		Optional<Path> memoryDir = controller("memory", cgroupPath);
		Optional<Path> cpuacctDir = controller("cpuacct", cgroupPath);
		if (memoryDir.isEmpty() && cpuacctDir.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new CgroupReading(cpu(cpuacctDir, controller("cpu", cgroupPath)), memory(memoryDir),
				pids(controller("pids", cgroupPath)), blockIo(controller("blkio", cgroupPath))));
	}

	static Cpu cpu(Optional<Path> cpuacct, Optional<Path> cpu) {
		long usage = cpuacct.flatMap((dir) -> CgroupFiles.number(dir.resolve("cpuacct.usage"))).orElse(0L);
		Long user = cpuacct.flatMap((dir) -> CgroupFiles.number(dir.resolve("cpuacct.usage_user"))).orElse(null);
		Long system = cpuacct.flatMap((dir) -> CgroupFiles.number(dir.resolve("cpuacct.usage_sys"))).orElse(null);
		Map<String, Long> stat = cpu.map((dir) -> CgroupFiles.table(dir.resolve("cpu.stat"))).orElse(Map.of());
		Double limit = cpu.flatMap((dir) -> {
			Optional<Long> quota = CgroupFiles.limit(dir.resolve("cpu.cfs_quota_us"));
			Optional<Long> period = CgroupFiles.number(dir.resolve("cpu.cfs_period_us")).filter((p) -> p > 0);
			return quota.flatMap((q) -> period.map((p) -> (double) q / p));
		}).orElse(null);
		return new Cpu(usage, user, system, limit, stat.getOrDefault("nr_periods", 0L),
				stat.getOrDefault("nr_throttled", 0L), stat.getOrDefault("throttled_time", 0L), null);
	}

	static Memory memory(Optional<Path> memoryDir) {
		if (memoryDir.isEmpty()) {
			return new Memory(0, 0, null, null, 0, 0, 0);
		}
		Path dir = memoryDir.get();
		Map<String, Long> stat = CgroupFiles.table(dir.resolve("memory.stat"));
		long usage = CgroupFiles.number(dir.resolve("memory.usage_in_bytes")).orElse(0L);
		// The total_ figures include child cgroups, as usage_in_bytes does.
		long inactiveFile = stat.getOrDefault("total_inactive_file", stat.getOrDefault("inactive_file", 0L));
		return new Memory(usage, Math.max(0, usage - inactiveFile),
				CgroupFiles.limit(dir.resolve("memory.limit_in_bytes")).orElse(null),
				CgroupFiles.number(dir.resolve("memory.max_usage_in_bytes")).orElse(null),
				stat.getOrDefault("total_rss", stat.getOrDefault("rss", 0L)),
				stat.getOrDefault("total_cache", stat.getOrDefault("cache", 0L)), inactiveFile);
	}

	static Pids pids(Optional<Path> pidsDir) {
		return new Pids(pidsDir.flatMap((dir) -> CgroupFiles.number(dir.resolve("pids.current"))).orElse(0L),
				pidsDir.flatMap((dir) -> CgroupFiles.limit(dir.resolve("pids.max"))).orElse(null));
	}

	/**
	 * {@code blkio.throttle.io_service_bytes}: {@code 8:0 Read 4096} per device and
	 * operation, then {@code Total N}. The recursive file is preferred where it exists.
	 */
	static BlockIo blockIo(Optional<Path> blkioDir) {
		if (blkioDir.isEmpty()) {
			return new BlockIo(0, 0);
		}
		Path dir = blkioDir.get();
		String text = CgroupFiles.text(dir.resolve("blkio.throttle.io_service_bytes_recursive"))
			.or(() -> CgroupFiles.text(dir.resolve("blkio.throttle.io_service_bytes")))
			.orElse("");
		long read = 0;
		long written = 0;
		for (String line : text.split("\n")) {
			String[] parts = line.trim().split("\\s+");
			if (parts.length != 3) {
				continue;
			}
			long value = CgroupFiles.parse(parts[2]).orElse(0L);
			if (parts[1].equals("Read")) {
				read += value;
			}
			else if (parts[1].equals("Write")) {
				written += value;
			}
		}
		return new BlockIo(read, written);
	}

}
