package dev.bulkhead.runtime.snapshots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Walks a layer directory without following symlinks: to measure it or to delete it.
 */
final class LayerDirectories {

	private LayerDirectories() {
	}

	/**
	 * Bytes of regular files (by size; hard links counted once) and the number of inodes
	 * below {@code dir}, not counting {@code dir} itself.
	 */
	static Snapshotter.Usage usage(Path dir) {
		Set<Object> seen = new HashSet<>();
		long[] bytesAndInodes = new long[2];
		try {
			Files.walkFileTree(dir, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attrs) {
					if (!path.equals(dir)) {
						count(attrs);
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) {
					count(attrs);
					return FileVisitResult.CONTINUE;
				}

				private void count(BasicFileAttributes attrs) {
					Object inode = (attrs.fileKey() != null) ? attrs.fileKey() : new Object();
					if (seen.add(inode)) {
						bytesAndInodes[1]++;
						if (attrs.isRegularFile()) {
							bytesAndInodes[0] += attrs.size();
						}
					}
				}

			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot measure the layer directory " + dir, ex);
		}
		return new Snapshotter.Usage(bytesAndInodes[0], bytesAndInodes[1]);
	}

}
