package dev.bulkhead.backend.dockerapi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.backend.containers.ContainerMonitoring;
import dev.bulkhead.backend.containers.ContainerService;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.errors.BulkheadException;
import dev.bulkhead.runtime.stats.ContainerStats;
import dev.bulkhead.runtime.stats.ProcessInfo;

/**
 * {@code docker stats} and {@code docker top}: the cgroup figures the native API reads,
 * in Docker's shapes. Docker clients compute CPU percent from two readings and the host's
 * total CPU time ({@code system_cpu_usage}, from {@code /proc/stat}), so each answer
 * carries a reading and the one before it.
 */
@RestController
@RequestMapping(DockerApiVersion.PREFIX + "/containers")
@Tag(name = "docker")
class DockerStatsController {

	/** The kernel's USER_HZ, the unit of /proc/stat on every Linux architecture. */
	private static final long NANOS_PER_TICK = 10_000_000L;

	private final ContainerMonitoring monitoring;

	private final ContainerService containers;

	private final JsonMapper json = JsonMapper.builder().build();

	DockerStatsController(ContainerMonitoring monitoring, ContainerService containers) {
		this.monitoring = monitoring;
		this.containers = containers;
	}

	@GetMapping("/{id}/stats")
	@Operation(summary = "Docker: resource use from the container's cgroup (stream=false: one reading)")
	void stats(@PathVariable String id, @RequestParam(defaultValue = "true") String stream,
			@RequestParam(name = "one-shot", defaultValue = "false") String oneShot, HttpServletResponse response)
			throws IOException {
		Container container = this.containers.get(id);
		Reading previous = read(id);
		Reading current = read(id);
		response.setContentType("application/json");
		OutputStream out = response.getOutputStream();
		write(out, container, previous, current);
		if (!DockerFilters.truthy(stream) || DockerFilters.truthy(oneShot)) {
			return;
		}
		while (true) {
			try {
				Thread.sleep(Duration.ofSeconds(1).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			Reading next;
			try {
				next = read(id);
			}
			catch (BulkheadException ex) {
				// stopped or removed: the stream ends, as docker's does
				return;
			}
			previous = current;
			current = next;
			write(out, container, previous, current);
		}
	}

	private void write(OutputStream out, Container container, Reading previous, Reading current) throws IOException {
		out.write(this.json.writeValueAsBytes(dockerStats(container, previous, current)));
		out.write('\n');
		out.flush();
	}

	record Reading(ContainerStats stats, long systemNanos) {
	}

	private Reading read(String id) throws IOException {
		ContainerStats stats = this.monitoring.stats(id);
		return new Reading(stats, systemCpuNanos());
	}

	static Map<String, Object> dockerStats(Container container, Reading previous, Reading current) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "/" + container.name());
		body.put("id", container.id());
		body.put("read", current.stats().read().toString());
		body.put("preread", previous.stats().read().toString());
		ContainerStats s = current.stats();
		body.put("pids_stats", (s.pids() != null) ? pids(s.pids()) : Map.of());
		body.put("cpu_stats", cpu(current));
		body.put("precpu_stats", cpu(previous));
		Map<String, Object> memory = new LinkedHashMap<>();
		if (s.memory() != null) {
			memory.put("usage", s.memory().usageBytes());
			if (s.memory().peakBytes() != null) {
				memory.put("max_usage", s.memory().peakBytes());
			}
			memory.put("limit", (s.memory().limitBytes() != null) ? s.memory().limitBytes() : 0);
			// docker subtracts the inactive file cache: v1 names it total_inactive_file,
			// v2
			// inactive_file
			memory.put("stats", Map.of("inactive_file", s.memory().inactiveFileBytes(), "total_inactive_file",
					s.memory().inactiveFileBytes(), "anon", s.memory().anonBytes(), "file", s.memory().fileBytes()));
		}
		body.put("memory_stats", memory);
		if (s.network() != null) {
			body.put("networks",
					Map.of("eth0", Map.of("rx_bytes", s.network().rxBytes(), "rx_packets", s.network().rxPackets(),
							"tx_bytes", s.network().txBytes(), "tx_packets", s.network().txPackets())));
		}
		List<Map<String, Object>> io = new ArrayList<>();
		if (s.blockIo() != null) {
			io.add(Map.of("major", 0, "minor", 0, "op", "read", "value", s.blockIo().readBytes()));
			io.add(Map.of("major", 0, "minor", 0, "op", "write", "value", s.blockIo().writeBytes()));
		}
		body.put("blkio_stats", Map.of("io_service_bytes_recursive", io));
		return body;
	}

	private static Map<String, Object> pids(ContainerStats.Pids pids) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("current", pids.current());
		if (pids.limit() != null) {
			map.put("limit", pids.limit());
		}
		return map;
	}

	private static Map<String, Object> cpu(Reading reading) {
		ContainerStats.Cpu cpu = reading.stats().cpu();
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("total_usage", (cpu != null) ? cpu.usageNanos() : 0);
		if (cpu != null && cpu.userNanos() != null) {
			usage.put("usage_in_usermode", cpu.userNanos());
		}
		if (cpu != null && cpu.systemNanos() != null) {
			usage.put("usage_in_kernelmode", cpu.systemNanos());
		}
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("cpu_usage", usage);
		map.put("system_cpu_usage", reading.systemNanos());
		map.put("online_cpus", Runtime.getRuntime().availableProcessors());
		map.put("throttling_data",
				Map.of("periods", (cpu != null) ? cpu.periods() : 0, "throttled_periods",
						(cpu != null) ? cpu.throttledPeriods() : 0, "throttled_time",
						(cpu != null) ? cpu.throttledNanos() : 0));
		return map;
	}

	/**
	 * The host's CPU time in all states, as docker reads it from the first line of
	 * /proc/stat.
	 */
	static long systemCpuNanos() throws IOException {
		String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
		return parseSystemCpuNanos(line);
	}

	static long parseSystemCpuNanos(String cpuLine) {
		String[] fields = cpuLine.trim().split("\\s+");
		long ticks = 0;
		// user nice system idle iowait irq softirq steal (guest time is counted in user)
		for (int i = 1; i < Math.min(fields.length, 9); i++) {
			ticks += Long.parseLong(fields[i]);
		}
		return ticks * NANOS_PER_TICK;
	}

	@GetMapping("/{id}/top")
	@Operation(summary = "Docker: the container's processes")
	Map<String, Object> top(@PathVariable String id) {
		List<List<String>> processes = new ArrayList<>();
		for (ProcessInfo p : this.monitoring.top(id)) {
			long seconds = p.cpuNanos() / 1_000_000_000L;
			processes.add(List.of(p.user(), Integer.toString(p.pid()), Integer.toString(p.ppid()), p.state(),
					String.format("%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60), p.command()));
		}
		return Map.of("Titles", List.of("UID", "PID", "PPID", "STAT", "TIME", "CMD"), "Processes", processes);
	}

}
