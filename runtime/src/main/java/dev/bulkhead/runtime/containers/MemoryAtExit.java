package dev.bulkhead.runtime.containers;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A container's memory limit and the highest use its cgroup saw, read when its process
 * ended and before the cgroup was removed: the evidence of an OOM kill.
 *
 * @param limitBytes the cgroup's memory limit, null for none
 * @param peakBytes the peak usage (v1 {@code memory.max_usage_in_bytes}, v2
 * {@code memory.peak}), null where the kernel does not keep it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemoryAtExit(Long limitBytes, Long peakBytes) {
}
