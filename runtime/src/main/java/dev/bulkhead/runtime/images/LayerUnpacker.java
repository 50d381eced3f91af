package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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

		private final LayerPaths paths;

		private final EntryMetadata metadata;

		private final Map<Path, TarArchiveEntry> directories = new LinkedHashMap<>();

		private long unpackedBytes;

		private String currentEntry;

		Run(Path root) {
			this.root = root;
			this.paths = new LayerPaths(root);
			this.metadata = new EntryMetadata(LayerUnpacker.this.syscalls, this.notes);
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
			List<String> parts = this.paths.components(tar.rawName(), tar.rawName());
			if (parts.isEmpty()) {
				if (entry.isDirectory()) {
					this.metadata.ownerAndXattrs(this.root, entry);
					this.directories.put(this.root, entry);
				}
				return;
			}
			String base = parts.get(parts.size() - 1);
			if (base.startsWith(WHITEOUT_PREFIX)) {
				applyWhiteout(entry, parts, base);
				return;
			}
			Path parent = this.paths.parentDirectory(parts, entry.getName(), true);
			Path target = parent.resolve(base);
			if (entry.isDirectory()) {
				BasicFileAttributes existing = LayerPaths.lstat(target);
				if (existing == null || !existing.isDirectory()) {
					removeExisting(target);
					Files.createDirectory(target);
				}
				this.metadata.ownerAndXattrs(target, entry);
				this.directories.put(target, entry);
			}
			else if (entry.isSymbolicLink()) {
				removeExisting(target);
				Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
				this.metadata.ownerAndXattrs(target, entry);
				this.metadata.times(target, entry);
			}
			else if (entry.isLink()) {
				Path linkTarget = this.paths.hardLinkTarget(entry);
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
				this.metadata.ownerAndXattrs(target, entry);
				this.metadata.mode(target, entry);
				this.metadata.times(target, entry);
			}
			else {
				this.notes.add("skipped '" + entry.getName() + "' of unsupported tar entry type '"
						+ (char) entry.getLinkFlag() + "'");
			}
		}

		private void applyWhiteout(TarArchiveEntry entry, List<String> parts, String base) throws IOException {
			if (base.equals(OPAQUE_MARKER)) {
				Path dir = this.paths.parentDirectory(parts, entry.getName(), true);
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
			Path parent = this.paths.parentDirectory(parts, entry.getName(), true);
			Path target = parent.resolve(hidden);
			removeExisting(target);
			LayerUnpacker.this.syscalls.mknod(target, Syscalls.S_IFCHR, 0);
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

		/**
		 * Directory modes and times are set last, deepest first: writing a child changes
		 * its directory's mtime, and a read-only directory could not take children.
		 */
		private void finishDirectories() throws IOException {
			List<Map.Entry<Path, TarArchiveEntry>> dirs = new ArrayList<>(this.directories.entrySet());
			dirs.sort(Comparator.comparingInt((Map.Entry<Path, TarArchiveEntry> e) -> e.getKey().getNameCount())
				.reversed());
			for (Map.Entry<Path, TarArchiveEntry> dir : dirs) {
				this.metadata.mode(dir.getKey(), dir.getValue());
				this.metadata.times(dir.getKey(), dir.getValue());
			}
		}

		private void removeExisting(Path target) throws IOException {
			BasicFileAttributes attributes = LayerPaths.lstat(target);
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
