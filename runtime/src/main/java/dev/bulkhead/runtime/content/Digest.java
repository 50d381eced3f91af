package dev.bulkhead.runtime.content;

import java.util.regex.Pattern;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * A content digest as the OCI image spec writes it: {@code algorithm:hex}. Only sha256 is
 * accepted for now.
 */
public record Digest(String algorithm, String hex) {

	private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");

	public Digest {
		if (!"sha256".equals(algorithm) || hex == null || !SHA256_HEX.matcher(hex).matches()) {
			throw new InvalidArgumentException("'" + algorithm + ":" + hex
					+ "' is not a valid digest; expected sha256: followed by 64 lowercase hex digits");
		}
	}

	public static Digest parse(String value) {
		if (value == null) {
			throw new InvalidArgumentException("a digest is missing; expected sha256:<64 hex digits>");
		}
		int colon = value.indexOf(':');
		if (colon < 0) {
			throw new InvalidArgumentException(
					"'" + value + "' is not a valid digest; expected sha256: followed by 64 lowercase hex digits");
		}
		return new Digest(value.substring(0, colon), value.substring(colon + 1));
	}

	public static Digest sha256(String hex) {
		return new Digest("sha256", hex);
	}

	/** The first twelve hex digits, as docker shows short ids. */
	public String shortHex() {
		return this.hex.substring(0, 12);
	}

	@Override
	public String toString() {
		return this.algorithm + ":" + this.hex;
	}

}
