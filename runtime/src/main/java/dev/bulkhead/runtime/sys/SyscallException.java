package dev.bulkhead.runtime.sys;

import java.nio.file.Path;

/**
 * A native call that failed, with its errno, the operation and the path it was about.
 */
public class SyscallException extends RuntimeException {

	private final int errno;

	private final String operation;

	private final String path;

	public SyscallException(int errno, String errnoName, String operation, Path path) {
		super(operation + (path != null ? " " + path : "") + ": " + errnoName + " (errno " + errno + ")");
		this.errno = errno;
		this.operation = operation;
		this.path = path != null ? path.toString() : null;
	}

	public int errno() {
		return this.errno;
	}

	public String operation() {
		return this.operation;
	}

	public String path() {
		return this.path;
	}

}
