package dev.bulkhead.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL server from Debian's packages, run as the {@code postgres} user
 * in a temporary directory on a free 127.0.0.1 port, with password (SCRAM) sign-in for
 * one superuser. {@link #close()} stops it and deletes its files.
 */
public final class PostgresServer implements AutoCloseable {

	/** Where Debian installs the server programs of PostgreSQL 15. */
	public static final Path BIN = Path
		.of(System.getProperty("bulkhead.it.postgres-bin", "/usr/lib/postgresql/15/bin"));

	private static final String OS_USER = "postgres";

	private final Path dir;

	private final int port;

	private final String user;

	private final String password;

	private boolean running;

	private PostgresServer(Path dir, int port, String user, String password) {
		this.dir = dir;
		this.port = port;
		this.user = user;
		this.password = password;
	}

	/** Whether the programs are installed and this process may run them as postgres. */
	public static boolean available() {
		return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"))
				&& Files.isExecutable(Path.of("/usr/sbin/runuser")) && "root".equals(System.getProperty("user.name"));
	}

	/** Initialises a cluster, starts it and creates {@code database}. */
	public static PostgresServer start(String user, String password, String database) {
		try {
			Path dir = Files.createTempDirectory("bulkhead-pg-");
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
			PostgresServer server = new PostgresServer(dir, freePort(), user, password);
			try {
				server.init();
				server.run(List.of(BIN.resolve("createdb").toString(), "-h", "127.0.0.1", "-p",
						String.valueOf(server.port), "-U", user, database));
				return server;
			}
			catch (RuntimeException ex) {
				server.close();
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void init() throws IOException {
		Path pwfile = this.dir.resolve("pwfile");
		Files.writeString(pwfile, this.password + "\n", StandardCharsets.UTF_8);
		run(List.of("chown", "-R", OS_USER + ":" + OS_USER, this.dir.toString()));
		run(List.of(BIN.resolve("initdb").toString(), "-D", data().toString(), "-U", this.user, "--pwfile=" + pwfile,
				"--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"));
		Files.delete(pwfile);
		run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data().toString(), "-l",
				this.dir.resolve("server.log").toString(), "-o",
				"-p " + this.port + " -c listen_addresses=127.0.0.1 -k " + this.dir, "-w", "-t", "60", "start"));
		this.running = true;
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	public String user() {
		return this.user;
	}

	public String password() {
		return this.password;
	}

	/** Runs an SQL statement with psql and returns its unaligned, tuples-only output. */
	public String query(String database, String sql) {
		return run(List.of(BIN.resolve("psql").toString(), "-h", "127.0.0.1", "-p", String.valueOf(this.port), "-U",
				this.user, "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql));
	}

	private Path data() {
		return this.dir.resolve("data");
	}

	private String run(List<String> command) {
		List<String> full = new ArrayList<>();
		if (!command.get(0).equals("chown")) {
			full.addAll(List.of("/usr/sbin/runuser", "-u", OS_USER, "--"));
		}
		full.addAll(command);
		try {
			ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).directory(this.dir.toFile());
			Map<String, String> env = builder.environment();
			env.put("PGPASSWORD", this.password);
			env.put("LC_ALL", "C");
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("timed out: " + String.join(" ", command));
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
			}
			return output.strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		try {
			if (this.running) {
				run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop"));
				this.running = false;
			}
		}
		finally {
			HostState.deleteRoots(this.dir);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
