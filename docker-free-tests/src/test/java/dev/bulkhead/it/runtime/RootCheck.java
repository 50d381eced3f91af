package dev.bulkhead.it.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this JVM runs as root, which mounting overlayfs needs. */
final class RootCheck {

	private RootCheck() {
	}

	static boolean isRoot() {
		try {
			// /proc/self belongs to the effective user of the process looking at it.
			return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot tell who this process runs as", ex);
		}
	}

}
