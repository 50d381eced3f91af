package dev.bulkhead.backend.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

	private final MovableClock clock = new MovableClock();

	private final LoginThrottle throttle = new LoginThrottle(
			new LoginProperties(3, Duration.ofMinutes(10), Duration.ofMinutes(5), 5), this.clock);

	@Test
	void theThirdFailureWithinTheWindowLocksTheUsernameForTheLockDuration() {
		assertThat(this.throttle.recordFailure("Erin", "10.0.0.1").accountLocked()).isFalse();
		assertThat(this.throttle.recordFailure("erin", "10.0.0.2").accountLocked()).isFalse();
		LoginThrottle.Consequence third = this.throttle.recordFailure("erin", "10.0.0.3");
		assertThat(third.accountLocked()).isTrue();
		assertThat(this.throttle.accountLockedUntil("ERIN")).contains(this.clock.instant.plus(Duration.ofMinutes(5)));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.throttle.accountLockedUntil("erin")).isEmpty();
	}

	@Test
	void failuresOlderThanTheWindowDoNotCount() {
		this.throttle.recordFailure("frank", null);
		this.throttle.recordFailure("frank", null);
		this.clock.advance(Duration.ofMinutes(11));
		assertThat(this.throttle.recordFailure("frank", null).accountLocked()).isFalse();
		assertThat(this.throttle.accountLockedUntil("frank")).isEmpty();
	}

	@Test
	void aSuccessForgetsEarlierFailuresOfTheUsername() {
		this.throttle.recordFailure("grace", null);
		this.throttle.recordFailure("grace", null);
		this.throttle.recordSuccess("grace");
		assertThat(this.throttle.recordFailure("grace", null).accountLocked()).isFalse();
	}

	@Test
	void anAddressIsRefusedAfterItsLimitWhateverTheUsernames() {
		for (int i = 0; i < 4; i++) {
			assertThat(this.throttle.recordFailure("user-" + i, "192.0.2.7").addressBlocked()).isFalse();
		}
		assertThat(this.throttle.recordFailure("user-4", "192.0.2.7").addressBlocked()).isTrue();
		assertThat(this.throttle.addressBlockedUntil("192.0.2.7")).isPresent();
		assertThat(this.throttle.addressBlockedUntil("192.0.2.8")).isEmpty();
		assertThat(this.throttle.accountLockedUntil("user-0")).isEmpty();
	}

	@Test
	void unlockLiftsTheLockAndForgetsTheFailures() {
		for (int i = 0; i < 3; i++) {
			this.throttle.recordFailure("heidi", null);
		}
		assertThat(this.throttle.unlock("heidi")).isTrue();
		assertThat(this.throttle.accountLockedUntil("heidi")).isEmpty();
		assertThat(this.throttle.recordFailure("heidi", null).accountLocked()).isFalse();
		assertThat(this.throttle.unlock("heidi")).isFalse();
	}

	@Test
	void failuresWhileLockedDoNotExtendTheLock() {
		for (int i = 0; i < 3; i++) {
			this.throttle.recordFailure("ivan", null);
		}
		Instant until = this.throttle.accountLockedUntil("ivan").orElseThrow();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.throttle.recordFailure("ivan", null).accountLocked()).isFalse();
		assertThat(this.throttle.accountLockedUntil("ivan")).contains(until);
	}

	private static final class MovableClock extends Clock {

		private Instant instant = Instant.parse("2026-01-01T10:00:00Z");

		void advance(Duration duration) {
			this.instant = this.instant.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

	}

}
