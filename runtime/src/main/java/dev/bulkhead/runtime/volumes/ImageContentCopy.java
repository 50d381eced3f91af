package dev.bulkhead.runtime.volumes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a new, empty volume with what the image has at the mount's target, keeping
 * owners, modes and modification times, as Docker does: so that a volume mounted over a
 * directory the image gave its user stays writable by that user. Symbolic links are
 * copied as links and never followed, so an image cannot make the server copy host files;
 * device nodes, fifos and sockets are left out.
 */
public final class ImageContentCopy {

	private static final Logger log = LoggerFactory.getLogger(ImageContentCopy.class);

	private ImageContentCopy() {
	}

	/**
	 * The directory at {@code containerPath} inside {@code rootfs}, found without
	 * following any symbolic link; empty when there is none (nothing to copy).
	 */
	public static Optional<Path> imageDirectory(Path rootfs, String containerPath) {
		Path current = rootfs;
		for (Path part : Path.of("/").relativize(Path.of(containerPath).normalize())) {
			current = current.resolve(part.toString());
			if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
				return Optional.empty();
			}
		}
		return current.equals(rootfs) ? Optional.empty() : Optional.of(current);
	}

	/**
	 * Copies the tree under {@code source} into the existing empty directory
	 * {@code target}, which takes the owner and mode of {@code source}.
	 */
	public static void copy(Path source, Path target) {
		try {
			Files.walkFileTree(source, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
					Path to = target.resolve(source.relativize(dir).toString());
					if (!dir.equals(source)) {
						Files.createDirectory(to);
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					Path to = target.resolve(source.relativize(file).toString());
					if (attrs.isSymbolicLink()) {
						Files.createSymbolicLink(to, Files.readSymbolicLink(file));
						copyOwner(file, to);
					}
					else if (attrs.isRegularFile()) {
						Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
						copyOwnerAndMode(file, to, attrs.lastModifiedTime());
					}
					else {
						log.debug("Not copying the special file {} into a volume", file);
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
					if (failure != null) {
						throw failure;
					}
					Path to = target.resolve(source.relativize(dir).toString());
					copyOwnerAndMode(dir, to, Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS));
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot copy the image's " + source + " into the volume " + target, ex);
		}
	}

	private static void copyOwner(Path from, Path to) throws IOException {
		int uid = (Integer) Files.getAttribute(from, "unix:uid", LinkOption.NOFOLLOW_LINKS);
		int gid = (Integer) Files.getAttribute(from, "unix:gid", LinkOption.NOFOLLOW_LINKS);
		if (uid != (Integer) Files.getAttribute(to, "unix:uid", LinkOption.NOFOLLOW_LINKS)) {
			Files.setAttribute(to, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
		}
		if (gid != (Integer) Files.getAttribute(to, "unix:gid", LinkOption.NOFOLLOW_LINKS)) {
			Files.setAttribute(to, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
		}
	}

	/** Owner first: changing it clears the set-id bits, which the mode then restores. */
	private static void copyOwnerAndMode(Path from, Path to, FileTime modified) throws IOException {
		copyOwner(from, to);
		int mode = (Integer) Files.getAttribute(from, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
		Files.setAttribute(to, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
		Files.setLastModifiedTime(to, modified);
	}

}
