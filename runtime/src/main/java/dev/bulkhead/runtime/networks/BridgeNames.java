package dev.bulkhead.runtime.networks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of Linux bridges. Interface names are global to the host and at most 15
 * characters, and two servers with different data roots may both have a network called
 * {@code bulkhead}, so the name is {@code bh-} plus a hash of the data root and the
 * network's name.
 */
public final class BridgeNames {

	public static final String PREFIX = "bh-";

	static final int MAX_LENGTH = 15;

	private BridgeNames() {
	}

	public static String derive(Path dataRoot, String networkName) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(dataRoot.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
			sha.update((byte) 0);
			sha.update(networkName.getBytes(StandardCharsets.UTF_8));
			String hex = HexFormat.of().formatHex(sha.digest());
			return PREFIX + hex.substring(0, MAX_LENGTH - PREFIX.length());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
