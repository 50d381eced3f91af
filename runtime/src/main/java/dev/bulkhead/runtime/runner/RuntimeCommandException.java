package dev.bulkhead.runtime.runner;

import java.util.List;

/**
 * runc or conmon exited with an error; the message is the tool's own last error line.
 */
public class RuntimeCommandException extends RuntimeException {

	private final int exitCode;

	private final String toolMessage;

	public RuntimeCommandException(List<String> command, int exitCode, String toolMessage) {
		super(describe(command) + " failed (exit " + exitCode + "): " + toolMessage);
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

	private static String describe(List<String> command) {
		String binary = command.get(0);
		String name = binary.substring(binary.lastIndexOf('/') + 1);
		String sub = command.stream().skip(1).filter((a) -> !a.startsWith("-")).findFirst().orElse("");
		return name + " " + sub;
	}

}
