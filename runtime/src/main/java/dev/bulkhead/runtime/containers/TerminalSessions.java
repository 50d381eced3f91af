package dev.bulkhead.runtime.containers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.runner.RuncClient;
import dev.bulkhead.runtime.sys.PseudoTerminals;
import dev.bulkhead.runtime.sys.Syscalls;

/**
 * Opens {@link TerminalSession}s: interactive processes with a terminal in running
 * containers, started like every exec (the container's user, capabilities, seccomp filter
 * and no-new-privileges). The caller owns each session it opens and must close it.
 */
public final class TerminalSessions {

	private final ContainerManager containers;

	private final RuncClient runc;

	private final PseudoTerminals terminals;

	private final Syscalls syscalls;

	private final SessionMembers sessions;

	private final Path pidDir;

	/**
	 * @param pidDir where runc writes each session's pid file (created if missing)
	 * @param procRoot the host's {@code /proc}
	 */
	public TerminalSessions(ContainerManager containers, RuncClient runc, PseudoTerminals terminals, Syscalls syscalls,
			Path pidDir, Path procRoot) {
		this.containers = containers;
		this.runc = runc;
		this.terminals = terminals;
		this.syscalls = syscalls;
		this.pidDir = pidDir;
		this.sessions = new SessionMembers(procRoot);
	}

	/**
	 * Starts {@code command} in the container with a terminal of {@code columns} by
	 * {@code rows} cells.
	 */
	public TerminalSession open(String idOrName, List<String> command, int columns, int rows) {
		if (command == null || command.isEmpty() || command.get(0).isBlank()) {
			throw new InvalidArgumentException("a command is required: the program to run and its arguments");
		}
		Container container = this.containers.get(idOrName);
		if (container.state() != ContainerState.RUNNING) {
			throw new ConflictException("container '" + container.name() + "' is " + container.state().wireName()
					+ "; a terminal can only be opened in a running container");
		}
		PseudoTerminals.Master master = this.terminals.open();
		Path pidFile = null;
		try {
			this.terminals.resize(master.fd(), columns, rows);
			Files.createDirectories(this.pidDir);
			pidFile = Files.createTempFile(this.pidDir, "exec-", ".pid");
			// runc refuses to write a pid file that exists
			Files.delete(pidFile);
			Process process = new ProcessBuilder(
					this.runc.interactiveExecCommand(container.id(), command, master.slavePath(), pidFile))
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			return new TerminalSession(this.terminals, this.syscalls, this.sessions, master.fd(), process, pidFile);
		}
		catch (IOException | RuntimeException ex) {
			this.terminals.close(master.fd());
			if (pidFile != null) {
				try {
					Files.deleteIfExists(pidFile);
				}
				catch (IOException suppressed) {
					ex.addSuppressed(suppressed);
				}
			}
			if (ex instanceof IOException io) {
				throw new UncheckedIOException("cannot start an exec in container " + container.id(), io);
			}
			throw (RuntimeException) ex;
		}
	}

}
