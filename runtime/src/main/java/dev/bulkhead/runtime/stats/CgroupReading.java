package dev.bulkhead.runtime.stats;

/**
 * What one cgroup says about its processes' use of CPU, memory, pids and block I/O.
 */
public record CgroupReading(ContainerStats.Cpu cpu, ContainerStats.Memory memory, ContainerStats.Pids pids,
		ContainerStats.BlockIo blockIo) {
}
