package dev.bulkhead.runtime.stats;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One process of a container, as {@code top} shows it.
 *
 * @param pid the host pid
 * @param containerPid the pid inside the container's pid namespace (1 is its main
 * process), null where the kernel does not say
 * @param ppid the host pid of its parent
 * @param uid the real user id
 * @param user the user's name in the container's /etc/passwd, else the uid as text
 * @param state the kernel's one-letter state: R running, S sleeping, D disk wait, Z
 * zombie, T stopped
 * @param rssBytes resident memory
 * @param cpuNanos CPU time used (user + system)
 * @param command the command line, or {@code [name]} when it has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessInfo(int pid, Integer containerPid, int ppid, long uid, String user, String state, long rssBytes,
		long cpuNanos, String command) {
}
