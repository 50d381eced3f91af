package dev.bulkhead.runtime.sys;

import java.nio.ByteBuffer;

/**
 * Reads {@code struct statfs} as 64-bit Linux lays it out: f_type, f_bsize, f_blocks,
 * f_bfree, f_bavail, f_files, f_ffree, f_fsid (two ints), f_namelen, f_frsize, ... each 8
 * bytes wide.
 */
final class StatfsLayout {

	private static final int F_TYPE = 0;

	private static final int F_BSIZE = 8;

	private static final int F_BLOCKS = 16;

	private static final int F_BFREE = 24;

	private static final int F_BAVAIL = 32;

	private static final int F_FRSIZE = 72;

	private StatfsLayout() {
	}

	static Syscalls.FilesystemStats decode(ByteBuffer statfs) {
		// Block counts are in units of the fragment size when the filesystem reports one
		// (as statvfs(3) and df do); most filesystems make it equal to f_bsize.
		long fragmentSize = statfs.getLong(F_FRSIZE);
		long unit = (fragmentSize != 0) ? fragmentSize : statfs.getLong(F_BSIZE);
		return new Syscalls.FilesystemStats(statfs.getLong(F_BLOCKS) * unit, statfs.getLong(F_BFREE) * unit,
				statfs.getLong(F_BAVAIL) * unit, statfs.getLong(F_TYPE));
	}

}
