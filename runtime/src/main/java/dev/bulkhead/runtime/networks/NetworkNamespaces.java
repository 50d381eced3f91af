package dev.bulkhead.runtime.networks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.runner.CommandRunner;
import dev.bulkhead.runtime.sys.SyscallException;
import dev.bulkhead.runtime.sys.Syscalls;

/**
 * Persistent network namespaces, one per container: {@code <run-root>/netns/<id>} is a
 * bind mount of a new namespace (made with util-linux {@code unshare --net=<file>}), so
 * the namespace outlives the processes in it until {@link #remove} unmounts the file.
 * runc joins it through the spec; CNI configures it through its path.
 */
public final class NetworkNamespaces {

	private final Path dir;

	private final Syscalls syscalls;

	private final CommandRunner commands;

	public NetworkNamespaces(Path dir, Syscalls syscalls, CommandRunner commands) {
		this.dir = dir;
		this.syscalls = syscalls;
		this.commands = commands;
	}

	public Path path(String containerId) {
		return this.dir.resolve(containerId);
	}

	/** Creates the namespace file; an existing one is removed first. */
	public Path create(String containerId) {
		Path file = path(containerId);
		remove(containerId);
		try {
			Files.createDirectories(this.dir);
			Files.createFile(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create " + file, ex);
		}
		// Loopback is brought up by the same process that makes the namespace, instead of
		// one more process for the CNI loopback plugin.
		CommandRunner.Result result = this.commands
			.run(List.of("unshare", "--net=" + file, "ip", "link", "set", "lo", "up"));
		if (result.exitCode() != 0) {
			deleteFile(file);
			throw new FailedPreconditionException("cannot create the network namespace " + file + ": "
					+ result.stderr().strip() + " (util-linux unshare and iproute2 are needed)");
		}
		return file;
	}

	public boolean exists(String containerId) {
		return Files.exists(path(containerId));
	}

	/** Unmounts and deletes the namespace file; nothing happens when there is none. */
	public void remove(String containerId) {
		Path file = path(containerId);
		if (!Files.exists(file)) {
			return;
		}
		try {
			this.syscalls.umount2(file, Syscalls.MNT_DETACH);
		}
		catch (SyscallException ex) {
			// EINVAL: not a mount point (creation failed half way); the file still goes
			if (ex.errno() != dev.bulkhead.runtime.sys.Errno.EINVAL) {
				throw ex;
			}
		}
		deleteFile(file);
	}

	private static void deleteFile(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot delete " + file, ex);
		}
	}

}
