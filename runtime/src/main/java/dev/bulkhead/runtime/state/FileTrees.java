package dev.bulkhead.runtime.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Removing directory trees the runtime owns. Symlinks inside are removed, never followed,
 * so a tree written from an image cannot lead the deletion elsewhere.
 */
public final class FileTrees {

	private FileTrees() {
	}

	/**
	 * Deletes {@code path} and everything below it; a missing path is already deleted.
	 */
	public static void delete(Path path) {
		try {
			deleteOrThrow(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot delete " + path, ex);
		}
	}

	/** As {@link #delete}, for callers that handle the I/O error themselves. */
	public static void deleteOrThrow(Path path) throws IOException {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		Files.walkFileTree(path, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.delete(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
				if (failure != null) {
					throw failure;
				}
				Files.delete(dir);
				return FileVisitResult.CONTINUE;
			}

		});
	}

}
