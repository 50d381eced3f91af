package dev.bulkhead.backend.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code bulkhead.login.*} properties: how many failed password sign-ins lock an
 * account or throttle a source address, and for how long.
 *
 * @param maxFailures failed sign-ins for one username within {@code window} that lock it
 * @param window how far back failures are counted
 * @param lockDuration how long a lock lasts (an administrator may lift it earlier)
 * @param maxFailuresPerAddress failed sign-ins from one source address within
 * {@code window}, for any usernames, after which that address is refused for
 * {@code lockDuration}
 */
@ConfigurationProperties("bulkhead.login")
record LoginProperties(@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration window,
		@DefaultValue("15m") Duration lockDuration, @DefaultValue("20") int maxFailuresPerAddress) {

	LoginProperties {
		if (maxFailures < 1 || maxFailuresPerAddress < 1) {
			throw new IllegalArgumentException(
					"bulkhead.login.max-failures and max-failures-per-address must be at least 1");
		}
		if (window.isNegative() || window.isZero() || lockDuration.isNegative() || lockDuration.isZero()) {
			throw new IllegalArgumentException("bulkhead.login.window and lock-duration must be positive");
		}
	}

}
