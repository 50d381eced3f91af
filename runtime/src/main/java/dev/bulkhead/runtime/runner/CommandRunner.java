package dev.bulkhead.runtime.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a short-lived helper command to completion and captures its output.
 */
public class CommandRunner {

	public Result run(List<String> command) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
		try {
			Process process = builder.start();
			CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
			String stdout = readAll(process.getInputStream());
			int exit = process.waitFor();
			return new Result(exit, stdout, stderr.join());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + command.get(0), ex);
		}
	}

	private static final java.io.File DEV_NULL = new java.io.File("/dev/null");

	private static String readAll(InputStream in) {
		try (in) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Exit code and captured output of one command. */
	public record Result(int exitCode, String stdout, String stderr) {
	}

}
