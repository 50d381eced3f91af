package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.oci.Spec;

/**
 * A host device asked for in Docker's form {@code /dev/host[:/dev/inside[:rwm]]}.
 *
 * @param hostPath the device on the host
 * @param containerPath where the container sees it
 * @param permissions the cgroup access: any of {@code r}, {@code w}, {@code m}
 */
record DeviceRequest(String hostPath, String containerPath, String permissions) {

	// S_IFMT, S_IFCHR and S_IFBLK from sys/stat.h
	private static final int TYPE_MASK = 0170000;

	private static final int CHAR_DEVICE = 0020000;

	private static final int BLOCK_DEVICE = 0060000;

	static DeviceRequest parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("an empty device is not valid");
		}
		String[] parts = text.strip().split(":", -1);
		if (parts.length > 3) {
			throw new IllegalArgumentException("'" + text + "' has more than three ':'-separated parts");
		}
		String host = parts[0];
		String inside = (parts.length > 1 && !parts[1].isEmpty()) ? parts[1] : host;
		String permissions = (parts.length > 2) ? parts[2] : "rwm";
		for (String path : new String[] { host, inside }) {
			if (!path.startsWith("/dev/") || path.contains("/../") || path.endsWith("/..")) {
				throw new IllegalArgumentException("'" + path + "' is not a path under /dev");
			}
		}
		if (permissions.isEmpty() || !permissions.matches("[rwm]{1,3}")) {
			throw new IllegalArgumentException("permissions '" + permissions + "' must be letters from rwm");
		}
		return new DeviceRequest(host, inside, permissions);
	}

	/**
	 * Looks the device up on the host, for the OCI {@code linux.devices} entry and the
	 * cgroup rule that allows it.
	 */
	Spec.Device resolve(String field) {
		Path path = Path.of(this.hostPath);
		try {
			int mode = (Integer) Files.getAttribute(path, "unix:mode");
			int type = mode & TYPE_MASK;
			if (type != CHAR_DEVICE && type != BLOCK_DEVICE) {
				throw new InvalidArgumentException(field + ": " + this.hostPath
						+ " is not a device on this host; name a character or block device");
			}
			long rdev = (Long) Files.getAttribute(path, "unix:rdev");
			// The glibc encoding of dev_t (gnu_dev_major / gnu_dev_minor).
			long major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL);
			long minor = (rdev & 0xff) | ((rdev >> 12) & ~0xffL);
			int uid = (Integer) Files.getAttribute(path, "unix:uid");
			int gid = (Integer) Files.getAttribute(path, "unix:gid");
			return new Spec.Device(this.containerPath, (type == CHAR_DEVICE) ? "c" : "b", major, minor, mode & 07777,
					(long) uid, (long) gid);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new InvalidArgumentException(field + ": " + this.hostPath + " does not exist on this host");
		}
		catch (IOException ex) {
			throw new InvalidArgumentException(field + ": cannot read " + this.hostPath + ": " + ex.getMessage());
		}
	}

}
