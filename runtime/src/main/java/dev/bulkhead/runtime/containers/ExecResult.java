package dev.bulkhead.runtime.containers;

/**
 * What a command run inside a container left behind.
 *
 * @param exitCode the command's exit status (128 + signal when killed)
 * @param stdout its output, cut at the size limit
 * @param stderr its error output, cut at the size limit
 * @param timedOut it was stopped because it ran past its time limit
 */
public record ExecResult(int exitCode, String stdout, String stderr, boolean timedOut) {
}
