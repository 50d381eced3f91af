package dev.bulkhead.runtime.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import dev.bulkhead.runtime.content.Digest;

/** Builds tar archives in memory for tests, entry by entry. */
final class TestTar {

	static final Instant MTIME = Instant.parse("2024-01-02T03:04:05Z");

	private final List<Consumer<TarArchiveOutputStream>> entries = new ArrayList<>();

	TestTar dir(String name) {
		return dir(name, 0755);
	}

	TestTar dir(String name, int mode) {
		return add(entry(name, TarConstants.LF_DIR, mode, 0, 0), null);
	}

	TestTar file(String name, String content) {
		return file(name, content.getBytes(StandardCharsets.UTF_8), 0644, 0, 0);
	}

	TestTar file(String name, byte[] content, int mode, int uid, int gid) {
		TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, mode, uid, gid);
		entry.setSize(content.length);
		return add(entry, content);
	}

	TestTar fileWithXattr(String name, String content, String xattr, String value) {
		TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, 0644, 0, 0);
		byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		entry.setSize(bytes.length);
		entry.addPaxHeader("SCHILY.xattr." + xattr, value);
		return add(entry, bytes);
	}

	TestTar symlink(String name, String target) {
		TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
		entry.setLinkName(target);
		entry.setLastModifiedTime(FileTime.from(MTIME));
		return add(entry, null);
	}

	TestTar hardlink(String name, String target) {
		TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
		entry.setLinkName(target);
		return add(entry, null);
	}

	TestTar charDevice(String name, int major, int minor) {
		TarArchiveEntry entry = entry(name, TarConstants.LF_CHR, 0666, 0, 0);
		entry.setDevMajor(major);
		entry.setDevMinor(minor);
		return add(entry, null);
	}

	TestTar fifo(String name) {
		return add(entry(name, TarConstants.LF_FIFO, 0644, 0, 0), null);
	}

	private static TarArchiveEntry entry(String name, byte type, int mode, int uid, int gid) {
		TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
		entry.setMode(mode);
		entry.setUserId(uid);
		entry.setGroupId(gid);
		entry.setLastModifiedTime(FileTime.from(MTIME));
		return entry;
	}

	private TestTar add(TarArchiveEntry entry, byte[] content) {
		this.entries.add((out) -> {
			try {
				out.putArchiveEntry(entry);
				if (content != null) {
					out.write(content);
				}
				out.closeArchiveEntry();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		return this;
	}

	byte[] bytes() {
		return bytes(TarArchiveOutputStream.LONGFILE_POSIX);
	}

	/**
	 * The archive, with names over 100 bytes written the given way (a PAX {@code path}
	 * record or a GNU long-name entry).
	 */
	byte[] bytes(int longFileMode) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
			out.setLongFileMode(longFileMode);
			out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
			this.entries.forEach((entry) -> entry.accept(out));
			out.finish();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static byte[] gzip(byte[] content) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GzipCompressorOutputStream out = new GzipCompressorOutputStream(bytes)) {
			out.write(content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static Digest sha256(byte[] content) {
		try {
			return Digest.sha256(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
