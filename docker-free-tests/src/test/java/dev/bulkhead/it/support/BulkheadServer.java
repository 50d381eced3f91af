package dev.bulkhead.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real Bulkhead server, started from its executable jar as a separate process with its
 * own data and run roots, the way a user starts it.
 */
public final class BulkheadServer implements AutoCloseable {

	public static final String ADMIN_PASSWORD = "it-admin-password-7f3e";

	private final Path dataRoot;

	private final Path runRoot;

	private final int port;

	private final Path logFile;

	private final List<String> extraArguments = new ArrayList<>();

	private Process process;

	public BulkheadServer(Path dataRoot, Path runRoot) {
		this.dataRoot = dataRoot;
		this.runRoot = runRoot;
		this.port = freePort();
		this.logFile = Path.of("target", "it-logs", dataRoot.getParent().getFileName() + "-" + this.port + ".log");
	}

	/**
	 * Adds Spring properties ({@code --name=value}) to the command line the server starts
	 * with.
	 */
	public BulkheadServer withArguments(List<String> arguments) {
		this.extraArguments.addAll(arguments);
		return this;
	}

	public static Path jar() {
		Path jar = Path.of(System.getProperty("bulkhead.jar", "../backend/target/bulkhead.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("the server jar " + jar + " is missing; build it with ./mvnw package");
		}
		return jar;
	}

	public BulkheadServer start() {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
				"-XX:TieredStopAtLevel=1", "-jar", jar().toString(), "--bulkhead.data-root=" + this.dataRoot,
				"--bulkhead.run-root=" + this.runRoot, "--server.port=" + this.port, "--server.address=127.0.0.1"));
		command.addAll(this.extraArguments);
		if (System.getenv("BULKHEAD_IT_CONMON") != null) {
			command.add("--bulkhead.runtime.conmon=" + System.getenv("BULKHEAD_IT_CONMON"));
		}
		try {
			Files.createDirectories(this.logFile.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()));
			builder.environment().put("BULKHEAD_ADMIN_PASSWORD", ADMIN_PASSWORD);
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		awaitReady();
		return this;
	}

	private void awaitReady() {
		Readiness.await(this.process, baseUrl() + "/login", Set.of(200), Duration.ofSeconds(90), "the server",
				() -> "see " + this.logFile.toAbsolutePath());
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** The file the server's stdout and stderr go to. */
	public Path logFile() {
		return this.logFile;
	}

	public Path dataRoot() {
		return this.dataRoot;
	}

	public Path runRoot() {
		return this.runRoot;
	}

	/** Stops the server process the way an operator would (SIGTERM) and waits for it. */
	public void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	/**
	 * Kills the server process with SIGKILL, as a crash or the OOM killer would, and
	 * waits for it; {@link #start()} starts it again on the same roots and port.
	 */
	public void kill() {
		if (this.process == null) {
			return;
		}
		// Process.destroyForcibly sends SIGKILL on Linux.
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	@Override
	public void close() {
		stop();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
