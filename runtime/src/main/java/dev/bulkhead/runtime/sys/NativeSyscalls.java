package dev.bulkhead.runtime.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.IntSupplier;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;

/**
 * {@link Syscalls} backed by the host's libc through jnr-ffi. Loads libc once per JVM (on
 * first use); stateless otherwise, so one instance can be shared by every thread. Only
 * 64-bit Linux is supported: the {@code struct statfs} layout read here is the 64-bit
 * one.
 */
public final class NativeSyscalls implements Syscalls {

	/** {@code sizeof(struct statfs)} is 120 on 64-bit Linux; leave room to spare. */
	private static final int STATFS_BUFFER_SIZE = 256;

	private final LibC.Functions libc;

	private final Runtime runtime;

	public NativeSyscalls() {
		this.libc = Holder.LIBC;
		this.runtime = Runtime.getRuntime(this.libc);
	}

	@Override
	public void mount(String source, Path target, String fstype, long flags, String data) {
		check("mount", target, () -> this.libc.mount(source, target.toString(), fstype, flags, data));
	}

	@Override
	public void umount2(Path target, int flags) {
		check("umount2", target, () -> this.libc.umount2(target.toString(), flags));
	}

	@Override
	public void mknod(Path path, int mode, long dev) {
		check("mknod", path, () -> this.libc.mknod(path.toString(), mode, dev));
	}

	@Override
	public void lsetxattr(Path path, String name, byte[] value) {
		check("lsetxattr " + name, path, () -> this.libc.lsetxattr(path.toString(), name, value, value.length, 0));
	}

	@Override
	public void lchown(Path path, int uid, int gid) {
		check("lchown", path, () -> this.libc.lchown(path.toString(), uid, gid));
	}

	@Override
	public boolean kill(int pid, int signal) {
		while (true) {
			if (this.libc.kill(pid, signal) == 0) {
				return true;
			}
			int errno = this.runtime.getLastError();
			if (errno == Errno.ESRCH) {
				return false;
			}
			if (errno != Errno.EINTR) {
				throw new SyscallException(errno, Errno.name(errno), "kill " + pid + " signal " + signal, null);
			}
		}
	}

	@Override
	public FilesystemStats statfs(Path path) {
		byte[] buffer = new byte[STATFS_BUFFER_SIZE];
		check("statfs", path, () -> this.libc.statfs(path.toString(), buffer));
		return StatfsLayout.decode(ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder()));
	}

	private void check(String operation, Path path, IntSupplier call) {
		while (true) {
			if (call.getAsInt() != -1) {
				return;
			}
			int errno = this.runtime.getLastError();
			if (errno != Errno.EINTR) {
				throw new SyscallException(errno, Errno.name(errno), operation, path);
			}
		}
	}

	/** Loads libc lazily, once, so that merely referencing the class needs no libc. */
	private static final class Holder {

		private static final LibC.Functions LIBC = load();

		private static LibC.Functions load() {
			Platform platform = Platform.getNativePlatform();
			if (platform.getOS() != Platform.OS.LINUX || platform.addressSize() != 64) {
				throw new UnsupportedOperationException("Bulkhead's native calls need 64-bit Linux, not "
						+ platform.getOS() + " with " + platform.addressSize() + "-bit addresses");
			}
			return LibraryLoader.create(LibC.Functions.class).option(LibraryOption.SaveError, true).load("c");
		}

	}

}
