package dev.bulkhead.runtime.sys;

import java.nio.file.Path;

/**
 * The native calls the runtime needs, declared once. Implementations turn a failed call
 * ({@code -1} and {@code errno}) into a {@link SyscallException} and retry calls
 * interrupted by a signal ({@code EINTR}). Nothing outside this package touches jnr-ffi;
 * unit tests use a recording fake.
 */
public interface Syscalls {

	long MS_RDONLY = 1;

	long MS_NOSUID = 2;

	long MS_NODEV = 4;

	long MS_NOEXEC = 8;

	long MS_SYNCHRONOUS = 16;

	long MS_REMOUNT = 32;

	long MS_MANDLOCK = 64;

	long MS_DIRSYNC = 128;

	long MS_NOATIME = 1024;

	long MS_NODIRATIME = 2048;

	long MS_BIND = 4096;

	long MS_REC = 16384;

	long MS_UNBINDABLE = 1 << 17;

	long MS_PRIVATE = 1 << 18;

	long MS_SLAVE = 1 << 19;

	long MS_SHARED = 1 << 20;

	long MS_RELATIME = 1 << 21;

	long MS_STRICTATIME = 1 << 24;

	int MNT_DETACH = 2;

	int S_IFCHR = 0020000;

	/** mount(2). {@code source}, {@code fstype} and {@code data} may be null. */
	void mount(String source, Path target, String fstype, long flags, String data);

	/** umount2(2). */
	void umount2(Path target, int flags);

	/** mknod(2), e.g. the character device 0:0 that overlayfs reads as a whiteout. */
	void mknod(Path path, int mode, long dev);

	/**
	 * lsetxattr(2): set an extended attribute on the path itself, not a symlink's target.
	 */
	void lsetxattr(Path path, String name, byte[] value);

	/** lchown(2): change the owner of the path itself, not a symlink's target. */
	void lchown(Path path, int uid, int gid);

	/** kill(2). Returns false when the process does not exist (ESRCH). */
	boolean kill(int pid, int signal);

	/** statfs(2) of the filesystem holding the path. */
	FilesystemStats statfs(Path path);

	/** Sizes of a filesystem, in bytes. */
	record FilesystemStats(long totalBytes, long freeBytes, long availableBytes, long type) {
	}

}
