package dev.bulkhead.runtime.snapshots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.sys.Errno;
import dev.bulkhead.runtime.sys.SyscallException;
import dev.bulkhead.runtime.sys.Syscalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts and unmounts the {@link Mount}s a {@link Snapshotter} describes, translating
 * mount(8) options into mount(2) flags and data. Owns no state: what is mounted is read
 * back from the kernel's mount table.
 */
public final class Mounter {

	private static final Logger logger = LoggerFactory.getLogger(Mounter.class);

	private static final Path SELF_MOUNTINFO = Path.of("/proc/self/mountinfo");

	private static final int BUSY_RETRIES = 5;

	private final Syscalls syscalls;

	private final Path mountinfo;

	private final Duration busyBackoff;

	public Mounter(Syscalls syscalls) {
		this(syscalls, SELF_MOUNTINFO, Duration.ofMillis(50));
	}

	Mounter(Syscalls syscalls, Path mountinfo, Duration busyBackoff) {
		this.syscalls = syscalls;
		this.mountinfo = mountinfo;
		this.busyBackoff = busyBackoff;
	}

	/**
	 * Mounts each of {@code mounts} on {@code target}, in order. If one fails, those
	 * already mounted are unmounted again before the failure is thrown.
	 */
	public void mount(List<Mount> mounts, Path target) {
		Deque<Mount> mounted = new ArrayDeque<>();
		try {
			for (Mount mount : mounts) {
				mountOne(mount, target);
				mounted.push(mount);
			}
		}
		catch (RuntimeException ex) {
			while (!mounted.isEmpty()) {
				mounted.pop();
				try {
					unmountTop(target);
				}
				catch (RuntimeException cleanup) {
					ex.addSuppressed(cleanup);
				}
			}
			throw ex;
		}
	}

	/**
	 * Unmounts everything mounted on {@code target}. A busy mount is retried a few times
	 * and then detached lazily; a target with nothing mounted on it is left alone.
	 */
	public void unmount(Path target) {
		int stacked = Math.max(1, countMounts(target));
		for (int i = 0; i < stacked; i++) {
			if (!unmountTop(target)) {
				return;
			}
		}
	}

	/** Whether anything is mounted on {@code target}, per the kernel's mount table. */
	public boolean isMounted(Path target) {
		return countMounts(target) > 0;
	}

	private void mountOne(Mount mount, Path target) {
		MountOptions options = MountOptions.parse(mount.options());
		if (options.dataBytes() > MountOptions.MAX_DATA_BYTES) {
			throw new FailedPreconditionException("cannot mount " + mount.type() + " on " + target
					+ ": its options are " + options.dataBytes() + " bytes, more than the kernel's limit of "
					+ MountOptions.MAX_DATA_BYTES + "; use fewer layers or a shorter data root path");
		}
		long flags = options.flags();
		if (options.isBind() || "bind".equals(mount.type())) {
			bind(mount.source(), target, flags | Syscalls.MS_BIND, options.data());
		}
		else {
			this.syscalls.mount(mount.source(), target, mount.type(), flags, options.data());
		}
		if (options.propagation() != 0) {
			this.syscalls.mount(null, target, null, options.propagation(), null);
		}
	}

	private void bind(String source, Path target, long flags, String data) {
		this.syscalls.mount(source, target, null, flags, data);
		long perMountPoint = flags & MountOptions.PER_MOUNT_POINT_FLAGS;
		if (perMountPoint == 0 || (flags & Syscalls.MS_REMOUNT) != 0) {
			return;
		}
		// A new bind mount ignores ro, nosuid and the like; only a remount applies them.
		try {
			this.syscalls.mount(null, target, null, Syscalls.MS_REMOUNT | Syscalls.MS_BIND | perMountPoint, null);
		}
		catch (RuntimeException ex) {
			try {
				unmountTop(target);
			}
			catch (RuntimeException cleanup) {
				ex.addSuppressed(cleanup);
			}
			throw ex;
		}
	}

	/** Returns false when nothing was mounted on the target. */
	private boolean unmountTop(Path target) {
		for (int attempt = 1; attempt <= BUSY_RETRIES; attempt++) {
			try {
				this.syscalls.umount2(target, 0);
				return true;
			}
			catch (SyscallException ex) {
				if (ex.errno() == Errno.EINVAL || ex.errno() == Errno.ENOENT) {
					return false;
				}
				if (ex.errno() != Errno.EBUSY) {
					throw ex;
				}
			}
			if (!pause(attempt)) {
				break;
			}
		}
		logger.warn("{} stayed busy after {} unmount attempts; detaching it lazily", target, BUSY_RETRIES);
		this.syscalls.umount2(target, Syscalls.MNT_DETACH);
		return true;
	}

	/** Returns false when interrupted, so the caller stops waiting and detaches. */
	private boolean pause(int attempt) {
		try {
			Thread.sleep(this.busyBackoff.toMillis() * attempt);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private int countMounts(Path target) {
		Path resolved = resolve(target);
		return (int) MountInfo.read(this.mountinfo).stream().filter((m) -> m.mountPoint().equals(resolved)).count();
	}

	/** The kernel's mount table names mount points by their real path. */
	private static Path resolve(Path target) {
		Path absolute = target.toAbsolutePath().normalize();
		try {
			return Files.exists(absolute) ? absolute.toRealPath() : absolute;
		}
		catch (IOException ex) {
			// The target vanished between the two calls; match it as it was given.
			return absolute;
		}
	}

}
