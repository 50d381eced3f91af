package dev.bulkhead.runtime.sys;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.dev_t;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.pid_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import jnr.ffi.types.uid_t;

/**
 * The libc functions Bulkhead calls, as jnr-ffi binds them. Every function returns
 * {@code -1} and sets errno on failure; {@link NativeSyscalls} turns that into an
 * exception.
 */
final class LibC {

	private LibC() {
	}

	/**
	 * Public because jnr-ffi defines its implementation in a class loader of its own, and
	 * the JVM lets that class implement only a public interface; still out of reach of
	 * code outside this package, since the enclosing class is package-private.
	 */
	public interface Functions {

		int mount(String source, String target, String filesystemtype, long mountflags, String data);

		int umount2(String target, int flags);

		/** Exported by glibc since 2.33; older versions only had {@code __xmknod}. */
		int mknod(String pathname, @mode_t int mode, @dev_t long dev);

		int lsetxattr(String path, String name, @In byte[] value, @size_t long size, int flags);

		int lchown(String pathname, @uid_t int owner, @gid_t int group);

		int kill(@pid_t int pid, int sig);

		int posix_openpt(int flags);

		int grantpt(int fd);

		int unlockpt(int fd);

		int ptsname_r(int fd, @Out byte[] buf, @size_t long buflen);

		/**
		 * Only the {@code TIOCSWINSZ} form, whose argument is a {@code struct winsize}.
		 */
		int ioctl(int fd, long request, @In byte[] arg);

		@ssize_t
		long read(int fd, @Out byte[] buf, @size_t long count);

		@ssize_t
		long write(int fd, @In byte[] buf, @size_t long count);

		int close(int fd);

		/** {@code buf} receives a {@code struct statfs}. */
		int statfs(String path, @Out byte[] buf);

	}

}
