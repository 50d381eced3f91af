package dev.bulkhead.runtime.containers;

import java.nio.file.Path;

/**
 * Where the runtime keeps things and the defaults it applies.
 *
 * @param dataRoot persistent state: blobs, snapshots, containers
 * @param runRoot volatile state: runc's state root, conmon's exit files and sockets
 * @param defaultMemoryBytes memory limit when a request names none
 * @param defaultCpus CPU limit when a request names none
 * @param defaultPids pids limit when a request names none
 * @param tmpfsBytes size of the writable /tmp and /run of a read-only container
 * @param stopTimeoutSeconds time between the stop signal and SIGKILL when a request names
 * none
 */
public record RuntimeSettings(Path dataRoot, Path runRoot, Path runc, Path conmon, long defaultMemoryBytes,
		double defaultCpus, long defaultPids, long tmpfsBytes, int stopTimeoutSeconds) {

	public static RuntimeSettings withDefaults(Path dataRoot, Path runRoot, Path runc, Path conmon) {
		return new RuntimeSettings(dataRoot, runRoot, runc, conmon, 512L * 1024 * 1024, 1.0, 1024, 64L * 1024 * 1024,
				10);
	}

	public Path containersDir() {
		return this.dataRoot.resolve("containers");
	}

	public Path runcRoot() {
		return this.runRoot.resolve("runc");
	}

	public Path exitDir() {
		return this.runRoot.resolve("exits");
	}

	public Path socketDir() {
		return this.runRoot.resolve("sockets");
	}

}
