package dev.bulkhead.backend.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import dev.bulkhead.runtime.errors.FailedPreconditionException;

/**
 * Writes the generated first-admin password where only the server's user can read it. The
 * file is created with mode 0600 (never readable by others, not even for a moment) and
 * renamed into place, so it is either absent or complete.
 */
final class InitialPasswordFile {

	static final String FILE_NAME = "initial-admin-password";

	private InitialPasswordFile() {
	}

	static Path write(Path dataRoot, String password) {
		Path target = dataRoot.resolve(FILE_NAME);
		Path tmp = null;
		try {
			tmp = Files.createTempFile(dataRoot, "." + FILE_NAME + ".", ".tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
				ByteBuffer content = ByteBuffer.wrap((password + "\n").getBytes(StandardCharsets.UTF_8));
				while (content.hasRemaining()) {
					channel.write(content);
				}
				channel.force(true);
			}
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			tmp = null;
			return target;
		}
		catch (IOException ex) {
			throw new FailedPreconditionException("cannot write the first admin's password to " + target
					+ "; make the data root writable or set BULKHEAD_ADMIN_PASSWORD", ex);
		}
		finally {
			deleteQuietly(tmp);
		}
	}

	private static void deleteQuietly(Path tmp) {
		if (tmp == null) {
			return;
		}
		try {
			Files.deleteIfExists(tmp);
		}
		catch (IOException ex) {
			// The failure that brought us here is the one the caller needs; a leftover
			// temp file is harmless (mode 0600) and is overwritten by nothing.
		}
	}

}
