package dev.bulkhead.runtime.images;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * An image archive ({@code docker save} or OCI layout tar, optionally gzip-compressed)
 * unpacked into a private temporary directory. Only directories and regular files are
 * written; symlinks and hard links inside the archive (docker save links duplicate
 * layers) become aliases resolved when a file is looked up, so nothing is ever written
 * through a link. Entries with {@code ..} components are refused.
 */
final class ExtractedArchive {

	private static final int MAX_ALIAS_HOPS = 16;

	private final Path dir;

	private final Map<String, String> aliases;

	private ExtractedArchive(Path dir, Map<String, String> aliases) {
		this.dir = dir;
		this.aliases = aliases;
	}

	static ExtractedArchive extract(InputStream archive, Path dir) {
		Map<String, String> aliases = new HashMap<>();
		String current = null;
		try {
			BufferedInputStream buffered = new BufferedInputStream(archive, 1 << 16);
			buffered.mark(4);
			int first = buffered.read();
			int second = buffered.read();
			buffered.reset();
			InputStream in = (first == 0x1f && second == 0x8b) ? new GzipCompressorInputStream(buffered, true)
					: buffered;
			StrictTarInputStream tar = new StrictTarInputStream(in);
			TarArchiveEntry entry;
			boolean any = false;
			while ((entry = tar.getNextEntry()) != null) {
				any = true;
				current = entry.getName();
				String name = normalize(entry.getName(), entry.getName());
				if (name.isEmpty()) {
					continue;
				}
				Path target = dir.resolve(name);
				if (entry.isDirectory()) {
					Files.createDirectories(target);
				}
				else if (entry.isSymbolicLink()) {
					aliases.put(name, resolveSymlink(name, entry.getLinkName(), entry.getName()));
				}
				else if (entry.isLink()) {
					aliases.put(name, normalize(entry.getLinkName(), entry.getName()));
				}
				else if (LayerUnpacker.isRegularFile(entry)) {
					Files.createDirectories(target.getParent());
					copy(tar, target, entry);
				}
				else {
					throw new InvalidArgumentException("image archive entry '" + entry.getName()
							+ "' is neither a file, a directory nor a link, which an image archive never holds; "
							+ "refusing the archive");
				}
			}
			current = null;
			if (!tar.endMarkerSeen()) {
				throw new IOException("the archive is truncated: it stops without an end-of-archive record");
			}
			if (!any) {
				throw new InvalidArgumentException(
						"the image archive is empty; expected an OCI image layout tar or a docker save tar");
			}
			return new ExtractedArchive(dir, aliases);
		}
		catch (FileSystemException ex) {
			throw new UncheckedIOException("cannot unpack the image archive into " + dir, ex);
		}
		catch (IOException ex) {
			throw new InvalidArgumentException("the image archive is not a valid tar (corrupt or truncated)"
					+ ((current != null) ? " at entry '" + current + "'" : "") + ": " + ex.getMessage(), ex);
		}
	}

	private static void copy(TarArchiveInputStream tar, Path target, TarArchiveEntry entry) throws IOException {
		Files.deleteIfExists(target);
		long copied;
		try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
				LinkOption.NOFOLLOW_LINKS)) {
			copied = tar.transferTo(out);
		}
		if (copied != entry.getSize()) {
			throw new IOException("truncated entry: " + copied + " of " + entry.getSize() + " bytes present");
		}
	}

	/**
	 * A relative, slash-separated path inside the archive; {@code ..} and NUL refused.
	 */
	static String normalize(String name, String entryName) {
		List<String> parts = new ArrayList<>();
		for (String part : name.split("/")) {
			if (part.isEmpty() || part.equals(".")) {
				continue;
			}
			if (part.equals("..") || part.indexOf('\0') >= 0) {
				throw new InvalidArgumentException("image archive entry '" + entryName
						+ "' has a path that could escape the archive ('..' or NUL); refusing the archive");
			}
			parts.add(part);
		}
		return String.join("/", parts);
	}

	/**
	 * The archive path a relative symlink points at; refused when absolute or when its
	 * {@code ..} components climb above the archive root.
	 */
	static String resolveSymlink(String name, String linkName, String entryName) {
		if (linkName.startsWith("/")) {
			throw new InvalidArgumentException("image archive entry '" + entryName
					+ "' is a symlink to the absolute path '" + linkName + "'; refusing the archive");
		}
		List<String> parts = new ArrayList<>(List.of(name.split("/")));
		parts.remove(parts.size() - 1);
		for (String part : linkName.split("/")) {
			if (part.isEmpty() || part.equals(".")) {
				continue;
			}
			if (part.equals("..")) {
				if (parts.isEmpty()) {
					throw new InvalidArgumentException("image archive entry '" + entryName + "' is a symlink to '"
							+ linkName + "', which escapes the archive; refusing the archive");
				}
				parts.remove(parts.size() - 1);
			}
			else {
				parts.add(part);
			}
		}
		return normalize(String.join("/", parts), entryName);
	}

	/** Whether the archive holds a file (after following its links) at this path. */
	boolean has(String name) {
		return resolve(name) != null;
	}

	/** The extracted file at this path; InvalidArgumentException naming it if absent. */
	Path file(String name, String what) {
		Path file = resolve(name);
		if (file == null) {
			throw new InvalidArgumentException("the image archive has no file '" + name + "' (" + what
					+ "); the archive is incomplete, export it again");
		}
		return file;
	}

	byte[] read(String name, String what, int maxBytes) {
		Path file = file(name, what);
		try {
			if (Files.size(file) > maxBytes) {
				throw new InvalidArgumentException("'" + name + "' (" + what + ") in the image archive is larger than "
						+ maxBytes + " bytes; refusing it");
			}
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

	private Path resolve(String name) {
		String current = normalize(name, name);
		for (int hop = 0; hop < MAX_ALIAS_HOPS; hop++) {
			String next = this.aliases.get(current);
			if (next == null) {
				Path file = this.dir.resolve(current);
				return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? file : null;
			}
			current = next;
		}
		return null;
	}

}
