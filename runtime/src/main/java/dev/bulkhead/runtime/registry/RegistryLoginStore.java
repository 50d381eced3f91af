package dev.bulkhead.runtime.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.state.AtomicFiles;

/**
 * Registry logins set through the API, one per registry host, kept in
 * {@code <data-root>/registries/logins.json} (directory 0700, file 0600, written
 * atomically) so they survive restarts. Passwords are stored as given, like docker's
 * {@code config.json}: the file's permissions are what protects them; they are never
 * returned by any method but {@link #lookup}, which only the registry client calls.
 */
public final class RegistryLoginStore implements RegistryCredentials {

	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?");

	private static final TypeReference<Map<String, Login>> TYPE = new TypeReference<>() {
	};

	private final Path file;

	private final ObjectMapper mapper;

	private Map<String, Login> logins;

	public RegistryLoginStore(Path dataRoot, ObjectMapper mapper) {
		this.file = dataRoot.resolve("registries").resolve("logins.json");
		this.mapper = mapper;
		this.logins = read();
	}

	@Override
	public synchronized Optional<Login> lookup(String registry) {
		return Optional.ofNullable(this.logins.get(registry));
	}

	/** The registries with a stored login and the user name of each. */
	public synchronized Map<String, String> usernames() {
		Map<String, String> names = new TreeMap<>();
		this.logins.forEach((host, login) -> names.put(host, login.username()));
		return names;
	}

	/** Stores (or replaces) the login for a registry host ({@code host[:port]}). */
	public synchronized void put(String registry, Login login) {
		requireHost(registry);
		if (login == null || login.username() == null || login.username().isBlank() || login.password() == null
				|| login.password().isEmpty()) {
			throw new InvalidArgumentException("a registry login needs a non-empty username and password");
		}
		Map<String, Login> next = new TreeMap<>(this.logins);
		next.put(registry, new Login(login.username(), login.password()));
		write(next);
		this.logins = next;
	}

	/** Removes the login for a registry host; false when there was none. */
	public synchronized boolean remove(String registry) {
		if (!this.logins.containsKey(registry)) {
			return false;
		}
		Map<String, Login> next = new TreeMap<>(this.logins);
		next.remove(registry);
		write(next);
		this.logins = next;
		return true;
	}

	/** Refuses anything but a registry host as references name it. */
	public static void requireHost(String registry) {
		if (registry == null || !HOST.matcher(registry).matches() || registry.length() > 255) {
			throw new InvalidArgumentException("'" + registry
					+ "' is not a registry host; give it as references name it, e.g. registry.example.com or 127.0.0.1:5000");
		}
	}

	private Map<String, Login> read() {
		if (!Files.isRegularFile(this.file)) {
			return new TreeMap<>();
		}
		try {
			return new TreeMap<>(this.mapper.readValue(Files.readAllBytes(this.file), TYPE));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the registry logins in " + this.file, ex);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("the registry logins in " + this.file
					+ " are not valid JSON; fix or remove the file (" + ex.getOriginalMessage() + ")", ex);
		}
	}

	private void write(Map<String, Login> logins) {
		Path dir = this.file.getParent();
		try {
			if (!Files.isDirectory(dir)) {
				Files.createDirectories(dir);
				Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create " + dir, ex);
		}
		// AtomicFiles writes through a temporary file, which Java creates with mode 0600.
		AtomicFiles.write(this.file, this.mapper.writeValueAsBytes(logins));
	}

}
