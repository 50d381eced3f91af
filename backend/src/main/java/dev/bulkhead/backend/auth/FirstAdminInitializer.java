package dev.bulkhead.backend.auth;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

import dev.bulkhead.backend.system.BulkheadProperties;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure a fresh server has an administrator, before it accepts requests. The
 * password comes from {@code BULKHEAD_ADMIN_PASSWORD} or is generated and written to
 * {@code <data-root>/initial-admin-password}; there is never a default password.
 */
@Component
class FirstAdminInitializer implements SmartInitializingSingleton {

	static final String USERNAME = "admin";

	static final String PASSWORD_VARIABLE = "BULKHEAD_ADMIN_PASSWORD";

	private static final int MINIMUM_PASSWORD_LENGTH = 8;

	private static final Logger logger = LoggerFactory.getLogger(FirstAdminInitializer.class);

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final TransactionTemplate transactions;

	private final Environment environment;

	private final Path dataRoot;

	FirstAdminInitializer(UserRepository users, PasswordEncoder passwordEncoder, TransactionTemplate transactions,
			Environment environment, BulkheadProperties properties) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.transactions = transactions;
		this.environment = environment;
		this.dataRoot = properties.dataRoot().toAbsolutePath();
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.transactions.executeWithoutResult((status) -> {
			if (this.users.count() > 0) {
				return;
			}
			String given = this.environment.getProperty(PASSWORD_VARIABLE);
			String password = (given != null) ? checked(given) : generatePassword();
			this.users.create(USERNAME, this.passwordEncoder.encode(password), true, Instant.now());
			if (given != null) {
				logger.info("Created the administrator '{}' with the password from {}", USERNAME, PASSWORD_VARIABLE);
				return;
			}
			// Written inside the transaction: if the file cannot be written, no admin is
			// created whose password nobody knows.
			Path file = InitialPasswordFile.write(this.dataRoot, password);
			logger.info("Created the administrator '{}'; its password is in {} (readable by this user only)", USERNAME,
					file);
		});
	}

	private static String checked(String password) {
		if (password.isBlank() || password.length() < MINIMUM_PASSWORD_LENGTH) {
			throw new FailedPreconditionException(PASSWORD_VARIABLE + " is shorter than " + MINIMUM_PASSWORD_LENGTH
					+ " characters; choose a longer password or unset it to have one generated");
		}
		return password;
	}

	private static String generatePassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
