package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.sys.Syscalls;

/**
 * What a layer entry says about its file beside the content: owner, extended attributes
 * (from PAX {@code SCHILY.xattr.} headers, never overlayfs' own), mode and times.
 */
final class EntryMetadata {

	private static final String PAX_XATTR_PREFIX = "SCHILY.xattr.";

	private final Syscalls syscalls;

	private final List<String> notes;

	/**
	 * @param notes where skipped attributes are noted, for the unpack's result
	 */
	EntryMetadata(Syscalls syscalls, List<String> notes) {
		this.syscalls = syscalls;
		this.notes = notes;
	}

	void ownerAndXattrs(Path target, TarArchiveEntry entry) {
		long uid = entry.getLongUserId();
		long gid = entry.getLongGroupId();
		if (uid < 0 || uid > Integer.MAX_VALUE || gid < 0 || gid > Integer.MAX_VALUE) {
			throw new InvalidArgumentException("layer entry '" + entry.getName() + "' has the owner " + uid + ":" + gid
					+ ", which is out of range; the layer is malformed");
		}
		// chown before the xattrs and mode: chown clears setuid bits and file
		// capabilities.
		this.syscalls.lchown(target, (int) uid, (int) gid);
		for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
			if (!header.getKey().startsWith(PAX_XATTR_PREFIX)) {
				continue;
			}
			String name = header.getKey().substring(PAX_XATTR_PREFIX.length());
			if (name.startsWith("trusted.overlay.")) {
				// overlayfs' own attributes (redirect, metacopy, ...) could make a
				// lower layer show other paths; only the unpacker writes them.
				this.notes.add("skipped xattr " + name + " on '" + entry.getName()
						+ "': overlayfs attributes may not come from a layer");
				continue;
			}
			this.syscalls.lsetxattr(target, name, header.getValue().getBytes(StandardCharsets.UTF_8));
		}
	}

	void mode(Path target, TarArchiveEntry entry) throws IOException {
		Files.setAttribute(target, "unix:mode", entry.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
	}

	void times(Path target, TarArchiveEntry entry) throws IOException {
		FileTime modified = entry.getLastModifiedTime();
		if (modified != null) {
			Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
				.setTimes(modified, modified, null);
		}
	}

}
