package dev.bulkhead.runtime.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.secrets.SecretCipher;
import dev.bulkhead.runtime.secrets.SecretUnreadableException;
import dev.bulkhead.runtime.state.AtomicFiles;

/**
 * Registry logins set through the API, one per registry host, kept in
 * {@code <data-root>/registries/logins.json} (directory 0700, file 0600, written
 * atomically) so they survive restarts. The password (or token) of each login is
 * encrypted with a {@link SecretCipher} whose key lives in a separate file (by default
 * {@code <data-root>/keys/registry.key}), bound to its registry host; the user name is
 * kept in clear, and so are who set the login and when (for the administrators' page). A
 * file written before encryption existed, with plain {@code password} fields, is
 * re-encrypted when it is loaded. Passwords are never returned by any method but
 * {@link #lookup}, which only the registry client calls, and are decrypted only there.
 */
public final class RegistryLoginStore implements RegistryCredentials {

	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?");

	private static final TypeReference<Map<String, StoredLogin>> TYPE = new TypeReference<>() {
	};

	private final Path file;

	private final ObjectMapper mapper;

	private final SecretCipher cipher;

	private Map<String, StoredLogin> logins;

	/** A store whose key is {@link #defaultKeyFile(Path)}. */
	public RegistryLoginStore(Path dataRoot, ObjectMapper mapper) {
		this(dataRoot, defaultKeyFile(dataRoot), mapper);
	}

	/**
	 * @param keyFile the file holding the key the passwords are encrypted under; created
	 * on first use
	 */
	public RegistryLoginStore(Path dataRoot, Path keyFile, ObjectMapper mapper) {
		this.file = dataRoot.resolve("registries").resolve("logins.json");
		this.mapper = mapper;
		this.cipher = SecretCipher.forKeyFile(keyFile);
		this.logins = encryptPlainPasswords(read());
	}

	/** Where the key is kept unless configured otherwise. */
	public static Path defaultKeyFile(Path dataRoot) {
		return dataRoot.resolve("keys").resolve("registry.key");
	}

	/**
	 * The login for a registry host, its password decrypted.
	 * @throws FailedPreconditionException when the stored password cannot be decrypted
	 * (altered, or the key file is not the one it was written with)
	 */
	@Override
	public synchronized Optional<Login> lookup(String registry) {
		StoredLogin stored = this.logins.get(registry);
		if (stored == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(new Login(stored.username(), this.cipher.decrypt(stored.secret(), registry,
					"the stored password of the login for " + registry)));
		}
		catch (SecretUnreadableException ex) {
			throw new FailedPreconditionException(ex.getMessage(), ex);
		}
	}

	/** The registries with a stored login and the user name of each. */
	public synchronized Map<String, String> usernames() {
		Map<String, String> names = new TreeMap<>();
		this.logins.forEach((host, login) -> names.put(host, login.username()));
		return names;
	}

	/**
	 * A stored login as administrators see it: never its password.
	 *
	 * @param registry the registry host
	 * @param username the user the login is for
	 * @param setBy who stored it, or null when not recorded (files from before this was
	 * kept)
	 * @param setAt when it was stored, or null when not recorded
	 */
	public record Entry(String registry, String username, String setBy, Instant setAt) {
	}

	/** Every stored login, by registry host, without passwords. */
	public synchronized List<Entry> entries() {
		return this.logins.entrySet()
			.stream()
			.map((e) -> new Entry(e.getKey(), e.getValue().username(), e.getValue().setBy(), e.getValue().setAt()))
			.toList();
	}

	/** Stores (or replaces) the login for a registry host ({@code host[:port]}). */
	public void put(String registry, Login login) {
		put(registry, login, null, null);
	}

	/**
	 * Stores (or replaces) the login for a registry host ({@code host[:port]}), recording
	 * who set it and when.
	 */
	public synchronized void put(String registry, Login login, String setBy, Instant setAt) {
		requireHost(registry);
		if (login == null || login.username() == null || login.username().isBlank() || login.password() == null
				|| login.password().isEmpty()) {
			throw new InvalidArgumentException("a registry login needs a non-empty username and password");
		}
		Map<String, StoredLogin> next = new TreeMap<>(this.logins);
		next.put(registry,
				new StoredLogin(login.username(), null, this.cipher.encrypt(login.password(), registry), setBy, setAt));
		write(next);
		this.logins = next;
	}

	/** Removes the login for a registry host; false when there was none. */
	public synchronized boolean remove(String registry) {
		if (!this.logins.containsKey(registry)) {
			return false;
		}
		Map<String, StoredLogin> next = new TreeMap<>(this.logins);
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

	/**
	 * Encrypts the passwords of a file written before they were encrypted, and writes the
	 * file back at once so no plain password stays on disk.
	 */
	private Map<String, StoredLogin> encryptPlainPasswords(Map<String, StoredLogin> loaded) {
		boolean changed = false;
		Map<String, StoredLogin> next = new TreeMap<>();
		for (Map.Entry<String, StoredLogin> entry : loaded.entrySet()) {
			StoredLogin login = entry.getValue();
			if (login.secret() == null && login.password() != null) {
				login = new StoredLogin(login.username(), null, this.cipher.encrypt(login.password(), entry.getKey()),
						login.setBy(), login.setAt());
				changed = true;
			}
			else if (login.secret() == null) {
				throw new IllegalStateException("the registry login for " + entry.getKey() + " in " + this.file
						+ " has no password; remove it from the file or set it again");
			}
			next.put(entry.getKey(), login);
		}
		if (changed) {
			write(next);
		}
		return next;
	}

	private Map<String, StoredLogin> read() {
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

	private void write(Map<String, StoredLogin> logins) {
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

	/**
	 * One login as the file holds it: {@code secret} is the encrypted password;
	 * {@code password} only appears in files from before encryption and is never written;
	 * {@code setBy} and {@code setAt} are absent from files written before they were
	 * kept.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record StoredLogin(String username, String password, String secret, String setBy, Instant setAt) {

		@Override
		public String toString() {
			return "StoredLogin[username=" + this.username + ", password=****, secret=****]";
		}

	}

}
