package dev.bulkhead.backend.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts failed password sign-ins per username and per source address within a sliding
 * window, and locks a username (or refuses an address) for a while once the count is
 * reached. Usernames that do not exist are counted and locked exactly like real ones, so
 * a lock says nothing about which accounts exist.
 *
 * <p>
 * The counts and locks live in memory: one server owns its database, and a restart of the
 * server (which needs the host's root) lifting the locks is acceptable. An administrator
 * can lift a lock at any time.
 */
@Component
class LoginThrottle {

	// Beyond this many tracked keys, entries whose failures and lock have all lapsed are
	// dropped, so that a flood of made-up usernames cannot grow memory without bound.
	private static final int PRUNE_ABOVE = 10_000;

	private final LoginProperties properties;

	private final Clock clock;

	private final Map<String, Failures> accounts = new HashMap<>();

	private final Map<String, Failures> addresses = new HashMap<>();

	@Autowired
	LoginThrottle(LoginProperties properties) {
		this(properties, Clock.systemUTC());
	}

	LoginThrottle(LoginProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	LoginProperties properties() {
		return this.properties;
	}

	/** Until when this username is locked, if it is. */
	synchronized Optional<Instant> accountLockedUntil(String username) {
		return lockedUntil(this.accounts.get(key(username)));
	}

	/** Until when sign-ins from this address are refused, if they are. */
	synchronized Optional<Instant> addressBlockedUntil(String address) {
		return (address != null) ? lockedUntil(this.addresses.get(address)) : Optional.empty();
	}

	/**
	 * Counts a failed sign-in and says what it caused.
	 */
	synchronized Consequence recordFailure(String username, String address) {
		Instant now = this.clock.instant();
		prune(now);
		boolean accountLocked = this.accounts.computeIfAbsent(key(username), (k) -> new Failures())
			.add(now, this.properties.maxFailures());
		boolean addressBlocked = address != null && this.addresses.computeIfAbsent(address, (k) -> new Failures())
			.add(now, this.properties.maxFailuresPerAddress());
		return new Consequence(accountLocked, addressBlocked, lockEnd(now));
	}

	/**
	 * A successful sign-in forgets the username's earlier failures (not the address's).
	 */
	synchronized void recordSuccess(String username) {
		this.accounts.remove(key(username));
	}

	/** Lifts a lock and forgets the failures; whether there was a lock. */
	synchronized boolean unlock(String username) {
		Failures failures = this.accounts.remove(key(username));
		return failures != null && lockedUntil(failures).isPresent();
	}

	// Whole seconds: the end of a lock is shown to people.
	private Instant lockEnd(Instant now) {
		return now.plus(this.properties.lockDuration()).truncatedTo(ChronoUnit.SECONDS);
	}

	private Optional<Instant> lockedUntil(Failures failures) {
		if (failures == null || failures.lockedUntil == null || !failures.lockedUntil.isAfter(this.clock.instant())) {
			return Optional.empty();
		}
		return Optional.of(failures.lockedUntil);
	}

	private void prune(Instant now) {
		for (Map<String, Failures> map : java.util.List.of(this.accounts, this.addresses)) {
			if (map.size() > PRUNE_ABOVE) {
				map.values().removeIf((failures) -> failures.lapsed(now));
			}
		}
	}

	private static String key(String username) {
		return (username != null) ? username.toLowerCase(Locale.ROOT) : "";
	}

	/**
	 * What one failed sign-in caused.
	 *
	 * @param accountLocked this failure locked the username
	 * @param addressBlocked this failure blocked the source address
	 * @param until until when a lock it caused lasts
	 */
	record Consequence(boolean accountLocked, boolean addressBlocked, Instant until) {

	}

	/** The recent failures of one username or address, and its lock. */
	private final class Failures {

		private final Deque<Instant> times = new ArrayDeque<>();

		private Instant lockedUntil;

		/** Adds a failure; whether it reached the limit and made a new lock. */
		boolean add(Instant now, int limit) {
			Instant oldest = now.minus(LoginThrottle.this.properties.window());
			while (!this.times.isEmpty() && this.times.peekFirst().isBefore(oldest)) {
				this.times.removeFirst();
			}
			this.times.addLast(now);
			boolean alreadyLocked = this.lockedUntil != null && this.lockedUntil.isAfter(now);
			if (!alreadyLocked && this.times.size() >= limit) {
				this.lockedUntil = lockEnd(now);
				this.times.clear();
				return true;
			}
			return false;
		}

		boolean lapsed(Instant now) {
			boolean locked = this.lockedUntil != null && this.lockedUntil.isAfter(now);
			boolean recent = !this.times.isEmpty()
					&& !this.times.peekLast().isBefore(now.minus(LoginThrottle.this.properties.window()));
			return !locked && !recent;
		}

	}

}
