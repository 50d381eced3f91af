package dev.bulkhead.runtime.sys;

import java.util.Map;

/**
 * Linux errno numbers the runtime reacts to, and the symbolic names used in
 * {@link SyscallException} messages. The numbers are the generic Linux ones (x86_64 and
 * arm64 share them).
 */
public final class Errno {

	public static final int EPERM = 1;

	public static final int ENOENT = 2;

	public static final int ESRCH = 3;

	public static final int EINTR = 4;

	public static final int EACCES = 13;

	public static final int EBUSY = 16;

	public static final int EEXIST = 17;

	public static final int ENOTDIR = 20;

	public static final int EINVAL = 22;

	public static final int ENOSPC = 28;

	public static final int EROFS = 30;

	public static final int ENODATA = 61;

	public static final int EOPNOTSUPP = 95;

	private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(EPERM, "EPERM"),
			Map.entry(ENOENT, "ENOENT"), Map.entry(ESRCH, "ESRCH"), Map.entry(EINTR, "EINTR"), Map.entry(5, "EIO"),
			Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"), Map.entry(8, "ENOEXEC"), Map.entry(9, "EBADF"),
			Map.entry(10, "ECHILD"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(EACCES, "EACCES"),
			Map.entry(14, "EFAULT"), Map.entry(15, "ENOTBLK"), Map.entry(EBUSY, "EBUSY"), Map.entry(EEXIST, "EEXIST"),
			Map.entry(18, "EXDEV"), Map.entry(19, "ENODEV"), Map.entry(ENOTDIR, "ENOTDIR"), Map.entry(21, "EISDIR"),
			Map.entry(EINVAL, "EINVAL"), Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"), Map.entry(25, "ENOTTY"),
			Map.entry(26, "ETXTBSY"), Map.entry(27, "EFBIG"), Map.entry(ENOSPC, "ENOSPC"), Map.entry(29, "ESPIPE"),
			Map.entry(EROFS, "EROFS"), Map.entry(31, "EMLINK"), Map.entry(32, "EPIPE"), Map.entry(34, "ERANGE"),
			Map.entry(36, "ENAMETOOLONG"), Map.entry(38, "ENOSYS"), Map.entry(39, "ENOTEMPTY"), Map.entry(40, "ELOOP"),
			Map.entry(ENODATA, "ENODATA"), Map.entry(75, "EOVERFLOW"), Map.entry(EOPNOTSUPP, "EOPNOTSUPP"),
			Map.entry(122, "EDQUOT"));

	private Errno() {
	}

	/**
	 * The symbolic name of an errno, e.g. {@code ENOENT}, or {@code errno-N} if unknown.
	 */
	public static String name(int errno) {
		return NAMES.getOrDefault(errno, "errno-" + errno);
	}

}
