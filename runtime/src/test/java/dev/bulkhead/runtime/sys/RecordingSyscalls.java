package dev.bulkhead.runtime.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Syscalls} for unit tests that run without root: it records every call, creates
 * an empty regular file where mknod would create a device, keeps xattrs and owners in
 * maps, and performs no mounts.
 */
public class RecordingSyscalls implements Syscalls {

	private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

	private final Map<Path, Map<String, byte[]>> xattrs = Collections.synchronizedMap(new HashMap<>());

	private final Map<Path, int[]> owners = Collections.synchronizedMap(new HashMap<>());

	private final Map<Path, Long> devices = Collections.synchronizedMap(new HashMap<>());

	public List<String> calls() {
		return List.copyOf(this.calls);
	}

	public Map<String, byte[]> xattrs(Path path) {
		return this.xattrs.getOrDefault(path, Map.of());
	}

	public int[] owner(Path path) {
		return this.owners.get(path);
	}

	/** The device number recorded by mknod for this path, or null. */
	public Long device(Path path) {
		return this.devices.get(path);
	}

	@Override
	public void mount(String source, Path target, String fstype, long flags, String data) {
		this.calls.add("mount " + source + " " + target + " " + fstype + " " + flags + " " + data);
	}

	@Override
	public void umount2(Path target, int flags) {
		this.calls.add("umount2 " + target + " " + flags);
	}

	@Override
	public void mknod(Path path, int mode, long dev) {
		this.calls.add("mknod " + path + " " + Integer.toOctalString(mode) + " " + dev);
		try {
			Files.createFile(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.devices.put(path, dev);
	}

	@Override
	public void lsetxattr(Path path, String name, byte[] value) {
		this.calls.add("lsetxattr " + path + " " + name);
		this.xattrs.computeIfAbsent(path, (p) -> Collections.synchronizedMap(new HashMap<>())).put(name, value);
	}

	@Override
	public void lchown(Path path, int uid, int gid) {
		this.calls.add("lchown " + path + " " + uid + ":" + gid);
		this.owners.put(path, new int[] { uid, gid });
	}

	@Override
	public boolean kill(int pid, int signal) {
		this.calls.add("kill " + pid + " " + signal);
		return true;
	}

	@Override
	public FilesystemStats statfs(Path path) {
		this.calls.add("statfs " + path);
		return new FilesystemStats(1L << 40, 1L << 39, 1L << 39, 0);
	}

}
