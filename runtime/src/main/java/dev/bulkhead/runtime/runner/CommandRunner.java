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

	/**
	 * Runs a command that may take long: its output is capped at {@code maxBytes} per
	 * stream, and when the timeout passes it is asked to stop (SIGTERM, which runc
	 * forwards to the process it runs), then killed two seconds later.
	 */
	public Bounded runBounded(List<String> command, java.time.Duration timeout, int maxBytes) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
		try {
			Process process = builder.start();
			CompletableFuture<String> stdout = CompletableFuture
				.supplyAsync(() -> readCapped(process.getInputStream(), maxBytes));
			CompletableFuture<String> stderr = CompletableFuture
				.supplyAsync(() -> readCapped(process.getErrorStream(), maxBytes));
			boolean timedOut = !process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
			if (timedOut) {
				process.destroy();
				if (!process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
					process.destroyForcibly().waitFor();
				}
			}
			return new Bounded(process.exitValue(), stdout.join(), stderr.join(), timedOut);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + command.get(0), ex);
		}
	}

	/**
	 * Reads a stream to its end, keeping at most {@code maxBytes}; the rest is drained.
	 * The JDK closes a child's pipes when it exits, which can cut a read short while the
	 * process runc started still holds the pipe: what was read until then is kept.
	 */
	private static String readCapped(InputStream in, int maxBytes) {
		java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try (in) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				int room = maxBytes - kept.size();
				if (room > 0) {
					kept.write(buffer, 0, Math.min(n, room));
				}
			}
		}
		catch (IOException ex) {
			// the stream was closed under us when the process ended; keep what arrived
		}
		return kept.toString(StandardCharsets.UTF_8);
	}

	/**
	 * Exit code and captured (capped) output of a command that may have been timed out.
	 */
	public record Bounded(int exitCode, String stdout, String stderr, boolean timedOut) {
	}

	/** Exit code and captured output of one command. */
	public record Result(int exitCode, String stdout, String stderr) {
	}

}
