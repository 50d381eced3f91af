package dev.bulkhead.runtime.containers;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.images.ImageConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthTest {

	private static LifecycleStatus.Probe probe(int exitCode) {
		Instant now = Instant.now();
		return new LifecycleStatus.Probe(now, now, exitCode, "out " + exitCode);
	}

	@Test
	void becomesUnhealthyOnlyAfterRetriesFailuresInARowAndHealthyOnAPass() {
		LifecycleStatus.Health health = LifecycleStatus.Health.STARTING.after(probe(0), false, 3);
		assertThat(health.status()).isEqualTo("healthy");
		health = health.after(probe(1), false, 3).after(probe(1), false, 3);
		assertThat(health.status()).isEqualTo("healthy");
		assertThat(health.failingStreak()).isEqualTo(2);
		health = health.after(probe(1), false, 3);
		assertThat(health.status()).isEqualTo("unhealthy");
		health = health.after(probe(0), false, 3);
		assertThat(health.status()).isEqualTo("healthy");
		assertThat(health.failingStreak()).isZero();
	}

	@Test
	void failuresInTheStartPeriodDoNotCountAndTheLogKeepsTheLastFive() {
		LifecycleStatus.Health health = LifecycleStatus.Health.STARTING;
		for (int i = 0; i < 7; i++) {
			health = health.after(probe(i + 1), true, 1);
		}
		assertThat(health.status()).isEqualTo("starting");
		assertThat(health.failingStreak()).isZero();
		assertThat(health.log()).extracting(LifecycleStatus.Probe::exitCode).containsExactly(3, 4, 5, 6, 7);
	}

	@Test
	void theRequestOverridesTheImageAndInheritsWhatItLeavesOut() {
		ImageConfig.Config image = new ImageConfig.Config(null, null, null, null, List.of("sh"), null, null, null, null,
				new ImageConfig.Healthcheck(List.of("CMD", "test", "-f", "/tmp/ok"), 2_000_000_000L, 1_000_000_000L,
						null, 5));
		Healthchecks.Effective fromImage = Healthchecks.resolve(null, image).orElseThrow();
		assertThat(fromImage.command()).containsExactly("test", "-f", "/tmp/ok");
		assertThat(fromImage.interval().toMillis()).isEqualTo(2000);
		assertThat(fromImage.retries()).isEqualTo(5);

		Healthchecks.Effective shell = Healthchecks
			.resolve(new ContainerConfig.Healthcheck(List.of("CMD-SHELL", "true"), 500L, null, null, null), image)
			.orElseThrow();
		assertThat(shell.command()).containsExactly("/bin/sh", "-c", "true");
		assertThat(shell.interval().toMillis()).isEqualTo(500);
		assertThat(shell.timeout().toMillis()).isEqualTo(1000);
		assertThat(shell.retries()).isEqualTo(5);

		assertThat(
				Healthchecks.resolve(new ContainerConfig.Healthcheck(List.of("NONE"), null, null, null, null), image))
			.isEmpty();
		assertThat(Healthchecks.resolve(null, null)).isEmpty();
	}

	@Test
	void malformedTestsAreRefusedWithTheirShape() {
		assertThatThrownBy(() -> Healthchecks
			.validate(new ContainerConfig.Healthcheck(List.of("curl", "localhost"), null, null, null, null)))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("CMD-SHELL");
		assertThatThrownBy(
				() -> Healthchecks.validate(new ContainerConfig.Healthcheck(List.of("CMD"), null, null, null, null)))
			.hasMessageContaining("needs a program");
		assertThatThrownBy(() -> Healthchecks
			.validate(new ContainerConfig.Healthcheck(List.of("CMD", "true"), null, null, -5L, null)))
			.hasMessageContaining("startPeriodMillis");
	}

}
