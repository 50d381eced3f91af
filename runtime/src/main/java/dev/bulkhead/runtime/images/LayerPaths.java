package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Where a layer's entries land inside the directory being unpacked, and the refusals that
 * keep them there: absolute names, {@code ..}, symlinks on the way, and hard links to
 * anything but a file written earlier in the layer.
 */
final class LayerPaths {

	private final Path root;

	/**
	 * @param root the directory the layer is unpacked into, absolute and normalized
	 */
	LayerPaths(Path root) {
		this.root = root;
	}

	/**
	 * The path components of an entry name inside the layer. An absolute name and a
	 * {@code ..} component are refused outright rather than confined or resolved: layer
	 * entries are relative to the layer root (a {@code ./} prefix is usual), so no
	 * well-formed layer needs either.
	 */
	List<String> components(String name, String entryName) {
		if (name.startsWith("/")) {
			throw new InvalidArgumentException("layer entry '" + entryName
					+ "' has an absolute path; layer entries must be relative to the layer root, refusing the layer");
		}
		List<String> parts = new ArrayList<>();
		for (String part : name.split("/")) {
			if (part.isEmpty() || part.equals(".")) {
				continue;
			}
			if (part.equals("..")) {
				throw new InvalidArgumentException("layer entry '" + entryName
						+ "' has a '..' path component that could escape the layer; refusing the layer");
			}
			if (part.indexOf('\0') >= 0) {
				throw new InvalidArgumentException("layer entry '" + entryName + "' has a NUL byte in its path");
			}
			parts.add(part);
		}
		return parts;
	}

	/**
	 * Walks the parents of an entry inside the root, never following a symlink: a symlink
	 * anywhere on the way is refused, wherever it points.
	 */
	Path parentDirectory(List<String> parts, String entryName, boolean create) throws IOException {
		Path dir = this.root;
		for (int i = 0; i < parts.size() - 1; i++) {
			dir = dir.resolve(parts.get(i));
			BasicFileAttributes attributes = lstat(dir);
			if (attributes == null) {
				if (!create) {
					return null;
				}
				Files.createDirectory(dir);
				Files.setAttribute(dir, "unix:mode", 0755);
			}
			else if (attributes.isSymbolicLink()) {
				throw new InvalidArgumentException("layer entry '" + entryName + "' would be written through the "
						+ "symlink '" + this.root.relativize(dir) + "' -> '" + Files.readSymbolicLink(dir) + "'"
						+ (leavesRoot(dir) ? ", which points outside the layer" : "") + "; refusing the layer");
			}
			else if (!attributes.isDirectory()) {
				throw new InvalidArgumentException("layer entry '" + entryName + "' has the parent '"
						+ this.root.relativize(dir) + "', which is not a directory; the layer is malformed");
			}
		}
		return dir;
	}

	private boolean leavesRoot(Path symlink) throws IOException {
		Path target = Files.readSymbolicLink(symlink);
		// An absolute target means the host's root while the layer is being written.
		return target.isAbsolute() || !symlink.getParent().resolve(target).normalize().startsWith(this.root);
	}

	Path hardLinkTarget(TarArchiveEntry entry) throws IOException {
		String linkName = entry.getLinkName();
		List<String> parts;
		try {
			parts = components(linkName, entry.getName());
		}
		catch (InvalidArgumentException ex) {
			throw new InvalidArgumentException("layer entry '" + entry.getName() + "' is a hard link to '" + linkName
					+ "', which escapes the layer; refusing the layer", ex);
		}
		Path parent = parts.isEmpty() ? null : parentDirectory(parts, entry.getName(), false);
		Path target = (parent != null) ? parent.resolve(parts.get(parts.size() - 1)) : null;
		BasicFileAttributes attributes = (target != null) ? lstat(target) : null;
		if (attributes == null || attributes.isDirectory()) {
			throw new InvalidArgumentException("layer entry '" + entry.getName() + "' is a hard link to '" + linkName
					+ "', which is not a file earlier in this layer; refusing the layer");
		}
		return target;
	}

	static BasicFileAttributes lstat(Path path) throws IOException {
		try {
			return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

}
