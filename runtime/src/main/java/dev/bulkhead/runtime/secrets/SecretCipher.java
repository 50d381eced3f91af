package dev.bulkhead.runtime.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts short secrets with AES-256-GCM under one key read from a key file, which is
 * created (32 random bytes, base64, mode 0600 in a 0700 directory) on first use. Each
 * value gets a fresh random 12-byte nonce and is written as
 * {@code v1:<base64 nonce>:<base64 ciphertext and tag>}; a context string (such as the
 * registry host a password belongs to) is bound in as associated data, so a value moved
 * to another entry does not decrypt. Instances hold the key for their lifetime and are
 * safe to share between threads.
 */
public final class SecretCipher {

	private static final String VERSION = "v1";

	private static final int KEY_BYTES = 32;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	private final Path keyFile;

	private SecretCipher(byte[] key, Path keyFile) {
		this.key = new SecretKeySpec(key, "AES");
		this.keyFile = keyFile;
	}

	/**
	 * The cipher for the key in {@code keyFile}, creating the file (and its directory,
	 * 0700) with a new random key when it does not exist. A key file that group or others
	 * can read or write, or that does not hold a 256-bit key, is refused.
	 */
	public static synchronized SecretCipher forKeyFile(Path keyFile) {
		Path file = keyFile.toAbsolutePath();
		try {
			if (!Files.exists(file)) {
				create(file);
			}
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
			if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
				throw new IllegalStateException("the secrets key file " + file + " is readable or writable by group or "
						+ "others (" + PosixFilePermissions.toString(permissions) + "); chmod 600 it");
			}
			byte[] key;
			try {
				key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
			}
			catch (IllegalArgumentException ex) {
				key = new byte[0];
			}
			if (key.length != KEY_BYTES) {
				throw new IllegalStateException("the secrets key file " + file + " does not hold a base64 "
						+ (KEY_BYTES * 8) + "-bit key; restore it from the backup of the data root");
			}
			return new SecretCipher(key, file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or create the secrets key file " + file, ex);
		}
	}

	/** Where the key is kept. */
	public Path keyFile() {
		return this.keyFile;
	}

	/** Whether {@code stored} is in this class's format (as opposed to plain text). */
	public static boolean isEncrypted(String stored) {
		return stored != null && stored.startsWith(VERSION + ":");
	}

	/**
	 * Encrypts {@code secret} bound to {@code context}.
	 */
	public String encrypt(String secret, String context) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
			byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			Base64.Encoder base64 = Base64.getEncoder();
			return VERSION + ":" + base64.encodeToString(nonce) + ":" + base64.encodeToString(sealed);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-256-GCM is unavailable on this Java platform", ex);
		}
	}

	/**
	 * Decrypts a value {@link #encrypt} wrote for the same context.
	 * @param what names the value in error messages (never the value itself)
	 * @throws SecretUnreadableException when the value is malformed, was altered, or was
	 * written under another key or for another context
	 */
	public String decrypt(String stored, String context, String what) {
		String[] parts = (stored != null) ? stored.split(":", -1) : new String[0];
		if (parts.length != 3 || !parts[0].equals(VERSION)) {
			throw new SecretUnreadableException(
					what + " is not in the " + VERSION + ":<nonce>:<ciphertext> format; it was altered, set it again");
		}
		byte[] nonce;
		byte[] sealed;
		try {
			nonce = Base64.getDecoder().decode(parts[1]);
			sealed = Base64.getDecoder().decode(parts[2]);
		}
		catch (IllegalArgumentException ex) {
			throw new SecretUnreadableException(what + " is not valid base64; it was altered, set it again");
		}
		if (nonce.length != NONCE_BYTES || sealed.length < TAG_BITS / 8) {
			throw new SecretUnreadableException(
					what + " is too short to be a sealed value; it was altered, set it again");
		}
		try {
			byte[] plain = cipher(Cipher.DECRYPT_MODE, nonce, context).doFinal(sealed);
			String secret = new String(plain, StandardCharsets.UTF_8);
			Arrays.fill(plain, (byte) 0);
			return secret;
		}
		catch (AEADBadTagException ex) {
			throw new SecretUnreadableException(what + " cannot be decrypted with the key in " + this.keyFile
					+ ": it was altered or written under another key; restore the key file that belongs to this "
					+ "data root, or set the secret again");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-256-GCM is unavailable on this Java platform", ex);
		}
	}

	private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	private static void create(Path file) throws IOException {
		Path dir = file.getParent();
		if (!Files.isDirectory(dir)) {
			Files.createDirectories(dir,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		}
		byte[] key = new byte[KEY_BYTES];
		RANDOM.nextBytes(key);
		Path temporary = Files.createTempFile(dir, ".key-", ".tmp",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		try {
			Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
			// A link fails if the name exists, so a key another process just made is
			// kept.
			Files.createLink(file, temporary);
		}
		catch (FileAlreadyExistsException ex) {
			// Someone else created it first; theirs is the key.
		}
		finally {
			Arrays.fill(key, (byte) 0);
			Files.deleteIfExists(temporary);
		}
	}

}
