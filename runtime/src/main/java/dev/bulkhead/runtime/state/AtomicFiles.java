package dev.bulkhead.runtime.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file writes: the content goes to a temporary file beside the target, is
 * synced to disk, and is renamed over the target, so a reader (or a server starting after
 * a crash) sees either the old content or the new, never a torn file.
 */
public final class AtomicFiles {

	private AtomicFiles() {
	}

	public static void write(Path target, byte[] content) {
		Path dir = target.toAbsolutePath().getParent();
		Path tmp = null;
		try {
			Files.createDirectories(dir);
			tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
			try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				ByteBuffer buffer = ByteBuffer.wrap(content);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
			tmp = null;
			syncDirectory(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + target, ex);
		}
		finally {
			if (tmp != null) {
				try {
					Files.deleteIfExists(tmp);
				}
				catch (IOException ignored) {
					// the original failure is the one worth reporting
				}
			}
		}
	}

	private static void syncDirectory(Path dir) {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some filesystems refuse fsync on directories; the rename itself is still
			// atomic.
		}
	}

}
