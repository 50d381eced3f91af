package dev.bulkhead.runtime.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Runtime;

/**
 * {@link PseudoTerminals} backed by the host's libc through jnr-ffi; stateless, so one
 * instance serves every session.
 */
public final class NativePseudoTerminals implements PseudoTerminals {

	private static final int O_RDWR = 2;

	private static final int O_NOCTTY = 0400;

	private static final int O_CLOEXEC = 02000000;

	private static final long TIOCSWINSZ = 0x5414;

	private static final int EIO = 5;

	private final LibC.Functions libc;

	private final Runtime runtime;

	public NativePseudoTerminals() {
		this.libc = Holder.LIBC;
		this.runtime = Runtime.getRuntime(this.libc);
	}

	@Override
	public Master open() {
		int fd = (int) retry("posix_openpt", () -> this.libc.posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
		try {
			retry("grantpt", () -> this.libc.grantpt(fd));
			retry("unlockpt", () -> this.libc.unlockpt(fd));
			byte[] name = new byte[128];
			int rc = this.libc.ptsname_r(fd, name, name.length);
			if (rc != 0) {
				throw new SyscallException(rc, Errno.name(rc), "ptsname_r", null);
			}
			int end = 0;
			while (end < name.length && name[end] != 0) {
				end++;
			}
			return new Master(fd, new String(Arrays.copyOf(name, end), StandardCharsets.US_ASCII));
		}
		catch (RuntimeException ex) {
			this.libc.close(fd);
			throw ex;
		}
	}

	@Override
	public void resize(int masterFd, int columns, int rows) {
		// struct winsize { unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel; }
		ByteBuffer winsize = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
		winsize.putShort((short) rows).putShort((short) columns).putShort((short) 0).putShort((short) 0);
		byte[] arg = winsize.array();
		retry("ioctl TIOCSWINSZ", () -> this.libc.ioctl(masterFd, TIOCSWINSZ, arg));
	}

	@Override
	public int read(int fd, byte[] buffer) {
		while (true) {
			long n = this.libc.read(fd, buffer, buffer.length);
			if (n >= 0) {
				return n == 0 ? -1 : (int) n;
			}
			int errno = this.runtime.getLastError();
			if (errno == EIO) {
				return -1;
			}
			if (errno != Errno.EINTR) {
				throw new SyscallException(errno, Errno.name(errno), "read fd " + fd, null);
			}
		}
	}

	@Override
	public void write(int fd, byte[] bytes) {
		int offset = 0;
		while (offset < bytes.length) {
			byte[] rest = (offset == 0) ? bytes : Arrays.copyOfRange(bytes, offset, bytes.length);
			long n = this.libc.write(fd, rest, rest.length);
			if (n < 0) {
				int errno = this.runtime.getLastError();
				if (errno != Errno.EINTR) {
					throw new SyscallException(errno, Errno.name(errno), "write fd " + fd, null);
				}
				continue;
			}
			offset += (int) n;
		}
	}

	@Override
	public void close(int fd) {
		// Never retried: after EINTR the descriptor is already released on Linux.
		if (this.libc.close(fd) != 0) {
			int errno = this.runtime.getLastError();
			throw new SyscallException(errno, Errno.name(errno), "close fd " + fd, null);
		}
	}

	private long retry(String operation, java.util.function.LongSupplier call) {
		while (true) {
			long rc = call.getAsLong();
			if (rc != -1) {
				return rc;
			}
			int errno = this.runtime.getLastError();
			if (errno != Errno.EINTR) {
				throw new SyscallException(errno, Errno.name(errno), operation, null);
			}
		}
	}

	private static final class Holder {

		private static final LibC.Functions LIBC = LibraryLoader.create(LibC.Functions.class)
			.option(LibraryOption.SaveError, true)
			.load("c");

	}

}
