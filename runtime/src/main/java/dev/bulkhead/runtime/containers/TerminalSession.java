package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.bulkhead.runtime.sys.PseudoTerminals;
import dev.bulkhead.runtime.sys.SyscallException;
import dev.bulkhead.runtime.sys.Syscalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One interactive process in a running container, attached to a terminal. Owns a host
 * pseudo-terminal master, the {@code runc exec --tty} process whose stdio is that
 * terminal's slave, and a pid file; {@link #close()} releases all three and kills every
 * process of the exec'd session that is still alive. The session also ends by itself when
 * the process exits or the container stops: the master then reads end of stream.
 *
 * <p>
 * Why a host terminal in front of runc's own (rather than receiving runc's master over a
 * console socket): {@code runc exec --tty} without {@code --detach} stays the parent of
 * the process, so its exit status is simply runc's, and runc already copies between the
 * two terminals and follows a resize of its own terminal on SIGWINCH. The container still
 * gets a terminal of its own devpts as controlling terminal, so {@code tty}, job control
 * and Ctrl-C behave as they do under {@code docker exec -it}. With a console socket runc
 * must detach, and the exit status would be lost.
 */
public final class TerminalSession implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TerminalSession.class);

	private static final int SIGKILL = 9;

	private static final int SIGWINCH = 28;

	private final PseudoTerminals terminals;

	private final Syscalls syscalls;

	private final SessionMembers sessions;

	private final int masterFd;

	private final Process runc;

	private final Path pidFile;

	/** Held shared by reads and writes, exclusively to close the master. */
	private final ReentrantReadWriteLock fdLock = new ReentrantReadWriteLock();

	private volatile boolean masterClosed;

	private volatile boolean closing;

	TerminalSession(PseudoTerminals terminals, Syscalls syscalls, SessionMembers sessions, int masterFd, Process runc,
			Path pidFile) {
		this.terminals = terminals;
		this.syscalls = syscalls;
		this.sessions = sessions;
		this.masterFd = masterFd;
		this.runc = runc;
		this.pidFile = pidFile;
	}

	/** Sends bytes to the process as if typed. Ignored once the session has ended. */
	public void write(byte[] bytes) {
		this.fdLock.readLock().lock();
		try {
			if (!this.masterClosed && !this.closing && bytes.length > 0) {
				this.terminals.write(this.masterFd, bytes);
			}
		}
		catch (SyscallException ex) {
			// Typing into a terminal whose process has just ended is not an error; the
			// session is about to report the exit.
			if (this.runc.isAlive()) {
				throw ex;
			}
		}
		finally {
			this.fdLock.readLock().unlock();
		}
	}

	/**
	 * The terminal's output. Reads block until bytes arrive and end once the process and
	 * runc have exited; read it from one thread.
	 */
	public InputStream output() {
		return new InputStream() {

			@Override
			public int read() {
				byte[] one = new byte[1];
				int n = read(one, 0, 1);
				return (n < 0) ? -1 : (one[0] & 0xff);
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				TerminalSession.this.fdLock.readLock().lock();
				try {
					if (TerminalSession.this.masterClosed) {
						return -1;
					}
					byte[] chunk = (offset == 0 && length == buffer.length) ? buffer : new byte[length];
					int n = TerminalSession.this.terminals.read(TerminalSession.this.masterFd, chunk);
					if (n > 0 && chunk != buffer) {
						System.arraycopy(chunk, 0, buffer, offset, n);
					}
					return n;
				}
				finally {
					TerminalSession.this.fdLock.readLock().unlock();
				}
			}

		};
	}

	/** Changes the terminal's size in character cells; the process sees SIGWINCH. */
	public void resize(int columns, int rows) {
		if (columns < 1 || rows < 1 || columns > 1000 || rows > 1000) {
			throw new IllegalArgumentException(
					"a terminal size is 1 to 1000 columns and rows, not " + columns + "x" + rows);
		}
		this.fdLock.readLock().lock();
		try {
			if (this.masterClosed || !this.runc.isAlive()) {
				return;
			}
			this.terminals.resize(this.masterFd, columns, rows);
			// runc copies the new size to the container's terminal when told so
			this.syscalls.kill((int) this.runc.pid(), SIGWINCH);
		}
		finally {
			this.fdLock.readLock().unlock();
		}
	}

	/** The exit code, once the process (and runc with it) has ended. */
	public OptionalInt exitCode() {
		return this.runc.isAlive() ? OptionalInt.empty() : OptionalInt.of(this.runc.exitValue());
	}

	/** Waits for the process to end; the exit code, or empty if it is still running. */
	public OptionalInt waitFor(Duration timeout) throws InterruptedException {
		if (this.runc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			return OptionalInt.of(this.runc.exitValue());
		}
		return OptionalInt.empty();
	}

	/** The host pid of the exec'd process, once runc has started it. */
	OptionalInt execPid() {
		try {
			String text = Files.readString(this.pidFile).trim();
			return text.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text));
		}
		catch (IOException | NumberFormatException ex) {
			return OptionalInt.empty();
		}
	}

	/**
	 * Ends the session: kills the exec'd process and everything in its session if still
	 * running, waits for runc, then closes the master and removes the pid file. Safe to
	 * call more than once and from any thread.
	 */
	@Override
	public void close() {
		this.closing = true;
		try {
			if (this.runc.isAlive()) {
				killSession();
				if (!this.runc.waitFor(5, TimeUnit.SECONDS)) {
					log.warn("runc exec (pid {}) did not end after its process was killed; killing runc",
							this.runc.pid());
					this.runc.destroyForcibly();
					this.runc.waitFor(5, TimeUnit.SECONDS);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			closeMaster();
			try {
				Files.deleteIfExists(this.pidFile);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot remove " + this.pidFile, ex);
			}
		}
	}

	private void killSession() throws InterruptedException {
		OptionalInt pid = execPid();
		for (int i = 0; pid.isEmpty() && i < 40 && this.runc.isAlive(); i++) {
			// runc writes the pid file right after starting the process
			Thread.sleep(50);
			pid = execPid();
		}
		if (pid.isEmpty()) {
			return;
		}
		for (int round = 0; round < 10; round++) {
			List<Integer> members = this.sessions.of(pid.getAsInt());
			if (members.isEmpty()) {
				return;
			}
			members.forEach((member) -> this.syscalls.kill(member, SIGKILL));
			Thread.sleep(20);
		}
	}

	private void closeMaster() {
		// A reader blocked on the master returns (end of stream) once runc has exited;
		// the
		// write lock waits for it so that the descriptor is never closed under a read.
		this.fdLock.writeLock().lock();
		try {
			if (!this.masterClosed) {
				this.masterClosed = true;
				this.terminals.close(this.masterFd);
			}
		}
		finally {
			this.fdLock.writeLock().unlock();
		}
	}

}
