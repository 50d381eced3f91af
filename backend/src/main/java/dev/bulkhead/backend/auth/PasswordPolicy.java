package dev.bulkhead.backend.auth;

import java.util.Locale;
import java.util.Set;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * What a password set through the API or the dashboard must be: at least
 * {@value #MINIMUM_LENGTH} characters, not the username, and not one of the passwords
 * that top every list of leaked passwords (compared without regard to case). Length
 * matters most, so a passphrase of ordinary words passes.
 */
final class PasswordPolicy {

	static final int MINIMUM_LENGTH = 12;

	// Passwords of 12 or more characters that appear at the top of published lists of
	// leaked passwords; shorter ones are refused for their length already.
	private static final Set<String> COMMON = Set.of("123456789012", "1234567890123", "12345678901234", "123456789123",
			"111111111111", "000000000000", "123123123123", "password1234", "password12345", "password123456",
			"passwordpassword", "qwertyuiop12", "qwertyuiop123", "qwertyuiopasdf", "1q2w3e4r5t6y", "1qaz2wsx3edc",
			"qazwsxedcrfv", "iloveyou1234", "administrator", "administrator1", "letmein12345", "welcome12345",
			"welcome123456", "changeme1234", "abcdefghijkl", "abc123abc123", "football1234", "baseball1234",
			"trustno1trustno1", "superman1234", "princess1234", "sunshine1234", "monkey123456", "dragon123456",
			"passw0rd1234", "p@ssw0rd1234", "p@ssword1234", "qwerty123456", "asdfghjkl123", "zaq12wsxcde3",
			"correct horse battery staple", "correcthorsebatterystaple");

	private PasswordPolicy() {
	}

	/**
	 * Refuses a password that breaks the policy, saying which rule and what to do.
	 */
	static void check(String username, String password) {
		if (password == null || password.isBlank()) {
			throw new InvalidArgumentException("password: a password is required; use at least " + MINIMUM_LENGTH
					+ " characters (a passphrase of several words works)");
		}
		int length = password.strip().codePointCount(0, password.strip().length());
		if (length < MINIMUM_LENGTH) {
			throw new InvalidArgumentException("password: at least " + MINIMUM_LENGTH + " characters are required, "
					+ "this one has " + length + "; a passphrase of several words works");
		}
		String lower = password.strip().toLowerCase(Locale.ROOT);
		if (username != null && lower.equals(username.toLowerCase(Locale.ROOT))) {
			throw new InvalidArgumentException("password: it must not be the username; choose something else");
		}
		if (COMMON.contains(lower)) {
			throw new InvalidArgumentException("password: it is one of the most common passwords, which are "
					+ "guessed first; choose something else");
		}
	}

}
