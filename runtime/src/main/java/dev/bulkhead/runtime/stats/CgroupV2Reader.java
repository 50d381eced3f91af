package dev.bulkhead.runtime.stats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import dev.bulkhead.runtime.stats.ContainerStats.BlockIo;
import dev.bulkhead.runtime.stats.ContainerStats.Cpu;
import dev.bulkhead.runtime.stats.ContainerStats.Memory;
import dev.bulkhead.runtime.stats.ContainerStats.Pids;

/**
 * The unified hierarchy: every controller's files in the one directory
 * {@code <root>/<cgroupPath>}.
 */
final class CgroupV2Reader implements CgroupReader {

	private final Path root;

	CgroupV2Reader(Path root) {
		this.root = root;
	}

	@Override
	public int version() {
		return 2;
	}

	@Override
	public Optional<Path> procsDirectory(String cgroupPath) {
		Path dir = CgroupReader.under(this.root, cgroupPath);
		return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
	}

	@Override
	public Optional<CgroupReading> read(String cgroupPath) {
		return procsDirectory(cgroupPath).map(this::readDirectory);
	}

	private CgroupReading readDirectory(Path dir) {
		return new CgroupReading(cpu(dir), memory(dir), pids(dir), blockIo(dir));
	}

	static Cpu cpu(Path dir) {
		Map<String, Long> stat = CgroupFiles.table(dir.resolve("cpu.stat"));
		Double limit = CgroupFiles.text(dir.resolve("cpu.max")).flatMap(CgroupV2Reader::quota).orElse(null);
		return new Cpu(micros(stat.get("usage_usec")), microsOrNull(stat.get("user_usec")),
				microsOrNull(stat.get("system_usec")), limit, stat.getOrDefault("nr_periods", 0L),
				stat.getOrDefault("nr_throttled", 0L), micros(stat.get("throttled_usec")), null);
	}

	/** {@code cpu.max} is {@code "<quota|max> <period>"}. */
	private static Optional<Double> quota(String text) {
		String[] parts = text.trim().split("\\s+");
		if (parts.length != 2 || parts[0].equals("max")) {
			return Optional.empty();
		}
		Optional<Long> quota = CgroupFiles.parse(parts[0]);
		Optional<Long> period = CgroupFiles.parse(parts[1]).filter((p) -> p > 0);
		return quota.flatMap((q) -> period.map((p) -> (double) q / p));
	}

	static Memory memory(Path dir) {
		Map<String, Long> stat = CgroupFiles.table(dir.resolve("memory.stat"));
		long usage = CgroupFiles.number(dir.resolve("memory.current")).orElse(0L);
		long inactiveFile = stat.getOrDefault("inactive_file", 0L);
		return new Memory(usage, Math.max(0, usage - inactiveFile),
				CgroupFiles.limit(dir.resolve("memory.max")).orElse(null),
				CgroupFiles.number(dir.resolve("memory.peak")).orElse(null), stat.getOrDefault("anon", 0L),
				stat.getOrDefault("file", 0L), inactiveFile);
	}

	static Pids pids(Path dir) {
		return new Pids(CgroupFiles.number(dir.resolve("pids.current")).orElse(0L),
				CgroupFiles.limit(dir.resolve("pids.max")).orElse(null));
	}

	/** {@code io.stat}: one line per device, {@code 8:0 rbytes=1 wbytes=2 rios=...}. */
	static BlockIo blockIo(Path dir) {
		long read = 0;
		long written = 0;
		for (String line : CgroupFiles.text(dir.resolve("io.stat")).orElse("").split("\n")) {
			for (String field : line.trim().split("\\s+")) {
				int eq = field.indexOf('=');
				if (eq < 0) {
					continue;
				}
				long value = CgroupFiles.parse(field.substring(eq + 1)).orElse(0L);
				switch (field.substring(0, eq)) {
					case "rbytes" -> read += value;
					case "wbytes" -> written += value;
					default -> {
					}
				}
			}
		}
		return new BlockIo(read, written);
	}

	private static long micros(Long value) {
		return (value != null) ? value * 1000 : 0;
	}

	private static Long microsOrNull(Long value) {
		return (value != null) ? value * 1000 : null;
	}

}
