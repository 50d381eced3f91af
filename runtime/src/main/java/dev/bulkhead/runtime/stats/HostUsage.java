package dev.bulkhead.runtime.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The host's CPU and memory from {@code /proc}: {@code /proc/stat}'s first line (jiffies
 * per state since boot, summed over CPUs) and {@code /proc/meminfo}. CPU busy percent
 * needs two samples, so the last one is kept; the first call compares against boot.
 */
public final class HostUsage {

	private final Path proc;

	private CpuTimes last;

	public HostUsage(Path proc) {
		this.proc = proc;
	}

	/** CPU time since boot: busy and total, in clock ticks. */
	public record CpuTimes(long busy, long total) {
	}

	/**
	 * One reading.
	 *
	 * @param cpus online CPUs
	 * @param cpuBusyPercent share of all CPUs busy since the previous reading
	 * @param memoryTotalBytes {@code MemTotal}
	 * @param memoryAvailableBytes {@code MemAvailable}: what can be had without swapping
	 */
	public record Reading(int cpus, double cpuBusyPercent, long memoryTotalBytes, long memoryAvailableBytes) {

		public long memoryUsedBytes() {
			return this.memoryTotalBytes - this.memoryAvailableBytes;
		}

		public double memoryUsedPercent() {
			return (this.memoryTotalBytes > 0) ? 100.0 * memoryUsedBytes() / this.memoryTotalBytes : 0;
		}

	}

	public synchronized Reading read() {
		CpuTimes now = cpuTimes(text("stat"));
		CpuTimes before = (this.last != null) ? this.last : new CpuTimes(0, 0);
		this.last = now;
		long total = now.total() - before.total();
		double busy = (total > 0) ? Math.round(1000.0 * (now.busy() - before.busy()) / total) / 10.0 : 0;
		Map<String, Long> memory = meminfo(text("meminfo"));
		return new Reading(Runtime.getRuntime().availableProcessors(), busy, memory.getOrDefault("MemTotal", 0L),
				memory.getOrDefault("MemAvailable", memory.getOrDefault("MemFree", 0L)));
	}

	/** The {@code cpu} line: user nice system idle iowait irq softirq steal ... */
	static CpuTimes cpuTimes(String stat) {
		for (String line : stat.split("\n")) {
			if (line.startsWith("cpu ")) {
				String[] fields = line.substring(4).trim().split("\\s+");
				long total = 0;
				long idle = 0;
				for (int i = 0; i < Math.min(fields.length, 8); i++) {
					long value = CgroupFiles.parse(fields[i]).orElse(0L);
					total += value;
					if (i == 3 || i == 4) {
						idle += value;
					}
				}
				return new CpuTimes(total - idle, total);
			}
		}
		return new CpuTimes(0, 0);
	}

	/** {@code Name:   1234 kB} lines, in bytes. */
	static Map<String, Long> meminfo(String text) {
		Map<String, Long> values = new java.util.HashMap<>();
		for (String line : text.split("\n")) {
			int colon = line.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String[] parts = line.substring(colon + 1).trim().split("\\s+");
			CgroupFiles.parse(parts[0])
				.ifPresent((value) -> values.put(line.substring(0, colon),
						(parts.length > 1 && parts[1].equals("kB")) ? value * 1024 : value));
		}
		return values;
	}

	private String text(String name) {
		try {
			return Files.readString(this.proc.resolve(name));
		}
		catch (IOException ex) {
			return "";
		}
	}

}
