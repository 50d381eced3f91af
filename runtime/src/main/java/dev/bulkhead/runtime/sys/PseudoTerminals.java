package dev.bulkhead.runtime.sys;

/**
 * The native calls behind a host pseudo-terminal: allocating a master, resizing it and
 * moving bytes through it. Kept apart from {@link Syscalls} because a terminal is a
 * long-lived file descriptor owned by one session, not a one-shot call.
 */
public interface PseudoTerminals {

	/**
	 * Allocates a pseudo-terminal ({@code posix_openpt} with {@code O_NOCTTY} and
	 * {@code O_CLOEXEC}, then {@code grantpt} and {@code unlockpt}) and returns its
	 * master, with the path of its slave ({@code ptsname_r}).
	 */
	Master open();

	/** {@code ioctl(TIOCSWINSZ)}: the size the slave side reads, in character cells. */
	void resize(int masterFd, int columns, int rows);

	/**
	 * {@code read(2)}: blocks until bytes arrive; returns {@code -1} once every slave is
	 * closed ({@code EIO} on a Linux pty master).
	 */
	int read(int fd, byte[] buffer);

	/** {@code write(2)} until every byte is written. */
	void write(int fd, byte[] bytes);

	/** {@code close(2)}. */
	void close(int fd);

	/** A pseudo-terminal master and the path of its slave (e.g. {@code /dev/pts/3}). */
	record Master(int fd, String slavePath) {
	}

}
