package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.sys.Syscalls;
import dev.bulkhead.runtime.state.FileTrees;

/**
 * Applies one image layer (a tar, plain, gzip- or zstd-compressed) to a directory in
 * overlayfs' native format: a {@code .wh.<name>} whiteout becomes a 0:0 character device
 * and {@code .wh..wh..opq} becomes the {@code trusted.overlay.opaque} xattr. Entries that
 * would land outside the directory (through {@code ..}, through a symlink, or as a hard
 * link to something outside) are refused, as are archives that are malformed, truncated,
 * larger than the configured cap, or whose content does not match the expected diff id.
 * The unpacker holds no state between calls; on a refusal the directory is left
 * half-written and the caller discards the snapshot it belongs to.
 */
public final class LayerUnpacker {

	/** The default cap on the uncompressed size of one layer: 8 GiB. */
	public static final long DEFAULT_MAX_UNPACKED_BYTES = 8L << 30;

	static final String OPAQUE_XATTR = "trusted.overlay.opaque";

	private static final String WHITEOUT_PREFIX = ".wh.";

	private static final String OPAQUE_MARKER = ".wh..wh..opq";

	private static final String PAX_XATTR_PREFIX = "SCHILY.xattr.";

	private final Syscalls syscalls;

	private final long maxUnpackedBytes;

	public LayerUnpacker(Syscalls syscalls) {
		this(syscalls, DEFAULT_MAX_UNPACKED_BYTES);
	}

	/**
	 * @param maxUnpackedBytes refuse a layer whose uncompressed tar stream is larger than
	 * this
	 */
	public LayerUnpacker(Syscalls syscalls, long maxUnpackedBytes) {
		if (maxUnpackedBytes <= 0) {
			throw new IllegalArgumentException("maxUnpackedBytes must be positive, was " + maxUnpackedBytes);
		}
		this.syscalls = syscalls;
		this.maxUnpackedBytes = maxUnpackedBytes;
	}

	/** The cap on the uncompressed size of one layer. */
	long maxUnpackedBytes() {
		return this.maxUnpackedBytes;
	}

	/**
	 * Unpacks {@code layer} into {@code root}.
	 * @param expectedDiffId the diff id the image config lists for this layer, or null to
	 * skip the check
	 * @return the diff id (sha256 of the uncompressed tar), the bytes of file content
	 * written, and notes on entries that were skipped
	 */
	public Result unpack(InputStream layer, Path root, Digest expectedDiffId) {
		return new Run(root.toAbsolutePath().normalize()).unpack(layer, expectedDiffId);
	}

	/**
	 * The outcome of one unpack.
	 *
	 * @param diffId the sha256 of the uncompressed layer tar
	 * @param unpackedBytes the bytes of regular file content written
	 * @param notes entries that were not applied (device nodes, fifos, ...) and why
	 */
	public record Result(Digest diffId, long unpackedBytes, List<String> notes) {

		public Result {
			notes = List.copyOf(notes);
		}

	}

	private final class Run {

		private final Path root;

		private final List<String> notes = new ArrayList<>();

		private final Map<Path, TarArchiveEntry> directories = new LinkedHashMap<>();

		private long unpackedBytes;

		private String currentEntry;

		Run(Path root) {
			this.root = root;
		}

		Result unpack(InputStream layer, Digest expectedDiffId) {
			if (!Files.isDirectory(this.root, LinkOption.NOFOLLOW_LINKS)) {
				throw new IllegalArgumentException("the layer target " + this.root + " is not a directory");
			}
			try {
				UncompressedLayerStream uncompressed = UncompressedLayerStream.open(layer,
						LayerUnpacker.this.maxUnpackedBytes);
				StrictTarInputStream tar = new StrictTarInputStream(uncompressed);
				TarArchiveEntry entry;
				while ((entry = tar.getNextEntry()) != null) {
					this.currentEntry = tar.rawName();
					apply(entry, tar);
				}
				this.currentEntry = null;
				if (!tar.endMarkerSeen()) {
					throw new IOException("the archive is truncated: it stops without an end-of-archive record");
				}
				// The diff id covers the whole uncompressed stream, including the end
				// blocks and padding the tar reader does not consume.
				uncompressed.transferTo(OutputStream.nullOutputStream());
				finishDirectories();
				Digest diffId = uncompressed.digest();
				if (expectedDiffId != null && !expectedDiffId.equals(diffId)) {
					throw new InvalidArgumentException("layer diff id mismatch: the image config expects "
							+ expectedDiffId + " but the layer's uncompressed content is " + diffId
							+ "; the image is corrupt, export or pull it again");
				}
				return new Result(diffId, this.unpackedBytes, this.notes);
			}
			catch (UncompressedLayerStream.SizeLimitExceededException ex) {
				throw new InvalidArgumentException(
						"layer is larger than the unpack limit of " + LayerUnpacker.this.maxUnpackedBytes + " bytes"
								+ atEntry() + "; refusing it (raise the limit if the image is genuine)",
						ex);
			}
			catch (IOException ex) {
				throw new InvalidArgumentException(
						"layer is not a valid tar archive (corrupt or truncated)" + atEntry() + ": " + ex.getMessage(),
						ex);
			}
		}

		private String atEntry() {
			return (this.currentEntry != null) ? " at entry '" + this.currentEntry + "'" : "";
		}

		private void apply(TarArchiveEntry entry, StrictTarInputStream tar) throws IOException {
			List<String> parts = components(tar.rawName(), tar.rawName());
			if (parts.isEmpty()) {
				if (entry.isDirectory()) {
					applyOwnerAndXattrs(this.root, entry);
					this.directories.put(this.root, entry);
				}
				return;
			}
			String base = parts.get(parts.size() - 1);
			if (base.startsWith(WHITEOUT_PREFIX)) {
				applyWhiteout(entry, parts, base);
				return;
			}
			Path parent = parentDirectory(parts, entry.getName(), true);
			Path target = parent.resolve(base);
			if (entry.isDirectory()) {
				BasicFileAttributes existing = lstat(target);
				if (existing == null || !existing.isDirectory()) {
					removeExisting(target);
					Files.createDirectory(target);
				}
				applyOwnerAndXattrs(target, entry);
				this.directories.put(target, entry);
			}
			else if (entry.isSymbolicLink()) {
				removeExisting(target);
				Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
				applyOwnerAndXattrs(target, entry);
				setTimes(target, entry);
			}
			else if (entry.isLink()) {
				Path linkTarget = hardLinkTarget(entry);
				removeExisting(target);
				Files.createLink(target, linkTarget);
			}
			else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
				this.notes.add("skipped " + kind(entry) + " '" + entry.getName()
						+ "': image layers may not create device nodes or fifos");
			}
			else if (isRegularFile(entry)) {
				removeExisting(target);
				writeFile(target, entry, tar);
				applyOwnerAndXattrs(target, entry);
				setMode(target, entry);
				setTimes(target, entry);
			}
			else {
				this.notes.add("skipped '" + entry.getName() + "' of unsupported tar entry type '"
						+ (char) entry.getLinkFlag() + "'");
			}
		}

		private void applyWhiteout(TarArchiveEntry entry, List<String> parts, String base) throws IOException {
			if (base.equals(OPAQUE_MARKER)) {
				Path dir = parentDirectory(parts, entry.getName(), true);
				LayerUnpacker.this.syscalls.lsetxattr(dir, OPAQUE_XATTR, "y".getBytes(StandardCharsets.US_ASCII));
				return;
			}
			String hidden = base.substring(WHITEOUT_PREFIX.length());
			if (hidden.startsWith(WHITEOUT_PREFIX)) {
				this.notes.add("skipped '" + entry.getName() + "': aufs metadata has no meaning for overlayfs");
				return;
			}
			if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
				throw new InvalidArgumentException(
						"layer entry '" + entry.getName() + "' is a whiteout of no valid name; the layer is malformed");
			}
			Path parent = parentDirectory(parts, entry.getName(), true);
			Path target = parent.resolve(hidden);
			removeExisting(target);
			LayerUnpacker.this.syscalls.mknod(target, Syscalls.S_IFCHR, 0);
		}

		/**
		 * The path components of an entry name inside the layer. An absolute name and a
		 * {@code ..} component are refused outright rather than confined or resolved:
		 * layer entries are relative to the layer root (a {@code ./} prefix is usual), so
		 * no well-formed layer needs either.
		 */
		private List<String> components(String name, String entryName) {
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
		 * Walks the parents of an entry inside the root, never following a symlink: a
		 * symlink anywhere on the way is refused, wherever it points.
		 */
		private Path parentDirectory(List<String> parts, String entryName, boolean create) throws IOException {
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

		private Path hardLinkTarget(TarArchiveEntry entry) throws IOException {
			String linkName = entry.getLinkName();
			List<String> parts;
			try {
				parts = components(linkName, entry.getName());
			}
			catch (InvalidArgumentException ex) {
				throw new InvalidArgumentException("layer entry '" + entry.getName() + "' is a hard link to '"
						+ linkName + "', which escapes the layer; refusing the layer", ex);
			}
			Path parent = parts.isEmpty() ? null : parentDirectory(parts, entry.getName(), false);
			Path target = (parent != null) ? parent.resolve(parts.get(parts.size() - 1)) : null;
			BasicFileAttributes attributes = (target != null) ? lstat(target) : null;
			if (attributes == null || attributes.isDirectory()) {
				throw new InvalidArgumentException("layer entry '" + entry.getName() + "' is a hard link to '"
						+ linkName + "', which is not a file earlier in this layer; refusing the layer");
			}
			return target;
		}

		private void writeFile(Path target, TarArchiveEntry entry, TarArchiveInputStream tar) throws IOException {
			byte[] buffer = new byte[1 << 16];
			long copied = 0;
			try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
				int read;
				while ((read = tar.read(buffer)) >= 0) {
					try {
						out.write(buffer, 0, read);
					}
					catch (IOException ex) {
						throw new UncheckedIOException("cannot write " + target, ex);
					}
					copied += read;
				}
			}
			if (copied != entry.getSize()) {
				throw new IOException("truncated entry: " + copied + " of " + entry.getSize() + " bytes present");
			}
			this.unpackedBytes += copied;
		}

		private void applyOwnerAndXattrs(Path target, TarArchiveEntry entry) {
			long uid = entry.getLongUserId();
			long gid = entry.getLongGroupId();
			if (uid < 0 || uid > Integer.MAX_VALUE || gid < 0 || gid > Integer.MAX_VALUE) {
				throw new InvalidArgumentException("layer entry '" + entry.getName() + "' has the owner " + uid + ":"
						+ gid + ", which is out of range; the layer is malformed");
			}
			// chown before the xattrs and mode: chown clears setuid bits and file
			// capabilities.
			LayerUnpacker.this.syscalls.lchown(target, (int) uid, (int) gid);
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
				LayerUnpacker.this.syscalls.lsetxattr(target, name, header.getValue().getBytes(StandardCharsets.UTF_8));
			}
		}

		private void setMode(Path target, TarArchiveEntry entry) throws IOException {
			Files.setAttribute(target, "unix:mode", entry.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
		}

		private void setTimes(Path target, TarArchiveEntry entry) throws IOException {
			FileTime modified = entry.getLastModifiedTime();
			if (modified != null) {
				Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
					.setTimes(modified, modified, null);
			}
		}

		/**
		 * Directory modes and times are set last, deepest first: writing a child changes
		 * its directory's mtime, and a read-only directory could not take children.
		 */
		private void finishDirectories() throws IOException {
			List<Map.Entry<Path, TarArchiveEntry>> dirs = new ArrayList<>(this.directories.entrySet());
			dirs.sort(Comparator.comparingInt((Map.Entry<Path, TarArchiveEntry> e) -> e.getKey().getNameCount())
				.reversed());
			for (Map.Entry<Path, TarArchiveEntry> dir : dirs) {
				setMode(dir.getKey(), dir.getValue());
				setTimes(dir.getKey(), dir.getValue());
			}
		}

		private void removeExisting(Path target) throws IOException {
			BasicFileAttributes attributes = lstat(target);
			if (attributes == null) {
				return;
			}
			if (!attributes.isDirectory()) {
				Files.delete(target);
				return;
			}
			this.directories.keySet().removeIf((dir) -> dir.startsWith(target));
			FileTrees.deleteOrThrow(target);
		}

	}

	private static BasicFileAttributes lstat(Path path) throws IOException {
		try {
			return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	/**
	 * TarArchiveEntry.isFile() is true for any type that is not a directory, so the type
	 * flag is checked here.
	 */
	static boolean isRegularFile(TarArchiveEntry entry) {
		byte flag = entry.getLinkFlag();
		return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
	}

	private static String kind(TarArchiveEntry entry) {
		if (entry.isCharacterDevice()) {
			return "character device";
		}
		return entry.isBlockDevice() ? "block device" : "fifo";
	}

}
