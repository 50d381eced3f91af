package dev.bulkhead.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.luben.zstd.Zstd;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds one image layer tar in memory, entry by entry, with what real layers carry
 * (modes, owners, symlinks, hard links, whiteouts, opaque directories, xattrs) and what
 * hostile ones carry (names with {@code ..}, absolute names, links out of the layer);
 * nothing here cleans a name up.
 */
public final class LayerTar {

	public static final String TAR = "application/vnd.oci.image.layer.v1.tar";

	public static final String GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

	public static final String ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

	private static final FileTime MTIME = FileTime.from(Instant.parse("2024-05-06T07:08:09Z"));

	private final List<Object[]> entries = new ArrayList<>();

	public LayerTar dir(String name, int mode, int uid, int gid) {
		TarArchiveEntry entry = entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode, uid, gid);
		return add(entry, null);
	}

	public LayerTar dir(String name) {
		return dir(name, 0755, 0, 0);
	}

	public LayerTar file(String name, String content) {
		return file(name, content, 0644, 0, 0);
	}

	public LayerTar file(String name, String content, int mode, int uid, int gid) {
		byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, mode, uid, gid);
		entry.setSize(bytes.length);
		return add(entry, bytes);
	}

	/** A file with an extended attribute, as a PAX {@code SCHILY.xattr.} record. */
	public LayerTar fileWithXattr(String name, String content, String xattr, String value) {
		byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, 0644, 0, 0);
		entry.setSize(bytes.length);
		entry.addPaxHeader("SCHILY.xattr." + xattr, value);
		return add(entry, bytes);
	}

	public LayerTar symlink(String name, String target) {
		TarArchiveEntry entry = entry(name, TarConstants.LF_SYMLINK, 0777, 0, 0);
		entry.setLinkName(target);
		return add(entry, null);
	}

	public LayerTar hardlink(String name, String target) {
		TarArchiveEntry entry = entry(name, TarConstants.LF_LINK, 0644, 0, 0);
		entry.setLinkName(target);
		return add(entry, null);
	}

	/** Deletes {@code path} of a lower layer ({@code dir/.wh.name}). */
	public LayerTar whiteout(String path) {
		int slash = path.lastIndexOf('/');
		String name = (slash < 0) ? ".wh." + path : path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
		return add(entry(name, TarConstants.LF_NORMAL, 0644, 0, 0), new byte[0]);
	}

	/** Hides everything lower layers put in {@code dir} ({@code dir/.wh..wh..opq}). */
	public LayerTar opaque(String dir) {
		return add(entry(dir + "/.wh..wh..opq", TarConstants.LF_NORMAL, 0644, 0, 0), new byte[0]);
	}

	private static TarArchiveEntry entry(String name, byte type, int mode, int uid, int gid) {
		// preserveAbsolutePath: hostile tests need names exactly as given.
		TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
		entry.setMode(mode);
		entry.setUserId(uid);
		entry.setGroupId(gid);
		entry.setLastModifiedTime(MTIME);
		return entry;
	}

	private LayerTar add(TarArchiveEntry entry, byte[] content) {
		this.entries.add(new Object[] { entry, content });
		return this;
	}

	/** The uncompressed tar (its sha256 is the layer's diff id). */
	public byte[] tar() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
			out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
			for (Object[] pair : this.entries) {
				out.putArchiveEntry((TarArchiveEntry) pair[0]);
				if (pair[1] != null) {
					out.write((byte[]) pair[1]);
				}
				out.closeArchiveEntry();
			}
			out.finish();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	public static byte[] gzip(byte[] content) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GzipCompressorOutputStream out = new GzipCompressorOutputStream(bytes)) {
			out.write(content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	public static byte[] zstd(byte[] content) {
		return Zstd.compress(content, 3);
	}

}
