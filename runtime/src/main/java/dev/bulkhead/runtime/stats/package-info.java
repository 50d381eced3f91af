/**
 * Resource usage of running containers: CPU (with throttling), memory (with working set,
 * limit and peak), processes, network and block I/O, read from cgroup v1 or v2 and from
 * the container's network namespace, plus the process table of a container.
 */
package dev.bulkhead.runtime.stats;
