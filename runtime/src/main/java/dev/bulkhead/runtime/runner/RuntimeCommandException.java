package dev.bulkhead.runtime.runner;

/**
 * runc or conmon exited with an error; the message is the tool's own last error line.
 */
public class RuntimeCommandException extends RuntimeException {

	private final int exitCode;

	private final String toolMessage;

	/**
	 * @param tool the program's name ({@code runc}, {@code conmon})
	 * @param subcommand what it was asked to do ({@code create}, {@code kill})
	 */
	public RuntimeCommandException(String tool, String subcommand, int exitCode, String toolMessage) {
		super(tool + " " + subcommand + " failed (exit " + exitCode + "): " + toolMessage);
		this.exitCode = exitCode;
		this.toolMessage = toolMessage;
	}

	public int exitCode() {
		return this.exitCode;
	}

	/** What the tool itself said. */
	public String toolMessage() {
		return this.toolMessage;
	}

}
