package dev.bulkhead.runtime.snapshots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bulkhead.runtime.sys.Syscalls;

/**
 * mount(8)-style options split the way mount(2) wants them: flags, a propagation change
 * (applied by a second call, as the kernel requires), and the filesystem-specific rest
 * joined into the data string.
 */
record MountOptions(long flags, long propagation, String data) {

	/** How one mount(8) option changes the flags: set a flag or clear it. */
	private record FlagChange(boolean clear, long flag) {

		long applyTo(long flags) {
			return this.clear ? (flags & ~this.flag) : (flags | this.flag);
		}

	}

	private static final Map<String, FlagChange> FLAGS = Map.ofEntries(Map.entry("defaults", new FlagChange(false, 0)),
			Map.entry("ro", set(Syscalls.MS_RDONLY)), Map.entry("rw", clear(Syscalls.MS_RDONLY)),
			Map.entry("nosuid", set(Syscalls.MS_NOSUID)), Map.entry("suid", clear(Syscalls.MS_NOSUID)),
			Map.entry("nodev", set(Syscalls.MS_NODEV)), Map.entry("dev", clear(Syscalls.MS_NODEV)),
			Map.entry("noexec", set(Syscalls.MS_NOEXEC)), Map.entry("exec", clear(Syscalls.MS_NOEXEC)),
			Map.entry("sync", set(Syscalls.MS_SYNCHRONOUS)), Map.entry("async", clear(Syscalls.MS_SYNCHRONOUS)),
			Map.entry("dirsync", set(Syscalls.MS_DIRSYNC)), Map.entry("mand", set(Syscalls.MS_MANDLOCK)),
			Map.entry("nomand", clear(Syscalls.MS_MANDLOCK)), Map.entry("noatime", set(Syscalls.MS_NOATIME)),
			Map.entry("atime", clear(Syscalls.MS_NOATIME)), Map.entry("nodiratime", set(Syscalls.MS_NODIRATIME)),
			Map.entry("diratime", clear(Syscalls.MS_NODIRATIME)), Map.entry("relatime", set(Syscalls.MS_RELATIME)),
			Map.entry("norelatime", clear(Syscalls.MS_RELATIME)),
			Map.entry("strictatime", set(Syscalls.MS_STRICTATIME)),
			Map.entry("nostrictatime", clear(Syscalls.MS_STRICTATIME)), Map.entry("remount", set(Syscalls.MS_REMOUNT)),
			Map.entry("bind", set(Syscalls.MS_BIND)), Map.entry("rbind", set(Syscalls.MS_BIND | Syscalls.MS_REC)));

	private static final Map<String, Long> PROPAGATION = Map.of("private", Syscalls.MS_PRIVATE, "rprivate",
			Syscalls.MS_PRIVATE | Syscalls.MS_REC, "shared", Syscalls.MS_SHARED, "rshared",
			Syscalls.MS_SHARED | Syscalls.MS_REC, "slave", Syscalls.MS_SLAVE, "rslave",
			Syscalls.MS_SLAVE | Syscalls.MS_REC, "unbindable", Syscalls.MS_UNBINDABLE, "runbindable",
			Syscalls.MS_UNBINDABLE | Syscalls.MS_REC);

	/**
	 * Flags that belong to the mount point rather than the filesystem: a bind mount
	 * ignores them on creation, so they need a remount.
	 */
	static final long PER_MOUNT_POINT_FLAGS = Syscalls.MS_RDONLY | Syscalls.MS_NOSUID | Syscalls.MS_NODEV
			| Syscalls.MS_NOEXEC | Syscalls.MS_NOATIME | Syscalls.MS_NODIRATIME | Syscalls.MS_RELATIME
			| Syscalls.MS_STRICTATIME;

	/**
	 * The kernel copies mount data as one page, NUL included, and silently cuts off the
	 * rest; anything longer must be refused before it reaches mount(2).
	 */
	static final int MAX_DATA_BYTES = 4095;

	/**
	 * Later options win over earlier ones, as with mount(8): {@code ro,rw} is writable.
	 */
	static MountOptions parse(List<String> options) {
		long flags = 0;
		long propagation = 0;
		List<String> data = new ArrayList<>();
		for (String option : options) {
			FlagChange change = FLAGS.get(option);
			if (change != null) {
				flags = change.applyTo(flags);
			}
			else if (PROPAGATION.containsKey(option)) {
				propagation = PROPAGATION.get(option);
			}
			else if (!option.isEmpty()) {
				data.add(option);
			}
		}
		return new MountOptions(flags, propagation, data.isEmpty() ? null : String.join(",", data));
	}

	int dataBytes() {
		return (this.data != null) ? this.data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length : 0;
	}

	boolean isBind() {
		return (this.flags & Syscalls.MS_BIND) != 0;
	}

	private static FlagChange set(long flag) {
		return new FlagChange(false, flag);
	}

	private static FlagChange clear(long flag) {
		return new FlagChange(true, flag);
	}

}
