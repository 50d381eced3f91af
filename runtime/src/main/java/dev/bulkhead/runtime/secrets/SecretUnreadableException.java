package dev.bulkhead.runtime.secrets;

/**
 * A stored secret that cannot be decrypted: altered, malformed, or written under another
 * key. The message names the secret, never its value.
 */
public final class SecretUnreadableException extends IllegalStateException {

	public SecretUnreadableException(String message) {
		super(message);
	}

}
