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
 * Debian's {@code docker-registry} (the distribution reference registry) on 127.0.0.1
 * with its storage in a temporary directory, optionally behind htpasswd basic auth;
 * images are pushed into it with {@code skopeo}.
 */
public final class LocalRegistry implements AutoCloseable {

	public static final Path BINARY = Path.of("/usr/bin/docker-registry");

	private final Path directory;

	private final int port;

	private final String username;

	private final String password;

	private TokenIssuer issuer;

	private Process process;

	private LocalRegistry(String username, String password) {
		try {
			this.directory = Files.createTempDirectory("bulkhead-registry-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.port = freePort();
		this.username = username;
		this.password = password;
	}

	public static boolean available() {
		return Files.isExecutable(BINARY) && Files.isExecutable(Path.of("/usr/bin/skopeo"))
				&& Files.isExecutable(Path.of("/usr/bin/htpasswd"));
	}

	public static LocalRegistry anonymous() {
		return new LocalRegistry(null, null).start();
	}

	public static LocalRegistry withBasicAuth(String username, String password) {
		return new LocalRegistry(username, password).start();
	}

	/**
	 * A registry with {@code auth: token}: it sends clients to the issuer's realm and
	 * trusts the tokens signed with the issuer's key.
	 */
	public static LocalRegistry withTokenAuth(TokenIssuer issuer) {
		LocalRegistry registry = new LocalRegistry(null, null);
		registry.issuer = issuer;
		return registry.start();
	}

	/**
	 * The registry's filesystem storage, where a test can corrupt a stored blob
	 * ({@code docker/registry/v2/blobs/sha256/<2 hex>/<hex>/data}).
	 */
	public Path storage() {
		return this.directory.resolve("storage");
	}

	/** {@code 127.0.0.1:port}, as references name it. */
	public String host() {
		return "127.0.0.1:" + this.port;
	}

	private LocalRegistry start() {
		StringBuilder config = new StringBuilder();
		config.append("version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ")
			.append(this.directory.resolve("storage"))
			.append("\nhttp:\n  addr: ")
			.append(host())
			.append("\n");
		if (this.username != null) {
			String entry = run(List.of("htpasswd", "-Bbn", this.username, this.password)).strip();
			write(this.directory.resolve("htpasswd"), entry + "\n");
			config.append("auth:\n  htpasswd:\n    realm: bulkhead-it\n    path: ")
				.append(this.directory.resolve("htpasswd"))
				.append("\n");
		}
		if (this.issuer != null) {
			config.append("auth:\n  token:\n    realm: ")
				.append(this.issuer.realm())
				.append("\n    service: ")
				.append(TokenIssuer.SERVICE)
				.append("\n    issuer: ")
				.append(TokenIssuer.ISSUER)
				.append("\n    rootcertbundle: ")
				.append(this.issuer.certificateFile())
				.append("\n");
		}
		Path configFile = this.directory.resolve("config.yml");
		write(configFile, config.toString());
		try {
			this.process = new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
				.redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("registry.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		awaitReady();
		return this;
	}

	private void awaitReady() {
		Readiness.await(this.process, "http://" + host() + "/v2/", Set.of(200, 401), Duration.ofSeconds(30),
				"docker-registry", this::log);
	}

	/** Pushes an OCI archive into this registry as {@code repository:tag}. */
	public void push(Path ociArchive, String repositoryAndTag) {
		List<String> command = new ArrayList<>(List.of("skopeo", "copy", "--quiet", "--dest-tls-verify=false"));
		if (this.username != null) {
			command.add("--dest-creds");
			command.add(this.username + ":" + this.password);
		}
		command.add("oci-archive:" + ociArchive);
		command.add("docker://" + host() + "/" + repositoryAndTag);
		run(command);
	}

	private String log() {
		try {
			return Files.readString(this.directory.resolve("registry.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		if (this.process != null) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		HostState.deleteRoots(this.directory);
	}

	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(command.get(0) + " failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void write(Path file, String content) {
		try {
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
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
