package dev.bulkhead.backend.teams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.bulkhead.runtime.errors.ForbiddenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The volume-bytes quota through the hook the volumes feature will implement: the check
 * names the use and the limit, and parallel creates under the team's lock cannot
 * overshoot. The volumes here are entries in a map that the hook reports, the only part a
 * volume store contributes to the quota.
 */
@SpringBootTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class VolumeQuotaTest {

	private static final long MIB = 1024L * 1024;

	@TempDir
	static Path dataRoot;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("bulkhead.data-root", () -> dataRoot.toString());
		registry.add("BULKHEAD_ADMIN_PASSWORD", () -> "volume-quota-admin");
	}

	/** Volume sizes per team id, as a volume store would report them. */
	static final Map<Long, AtomicLong> volumeBytes = new ConcurrentHashMap<>();

	@TestConfiguration
	static class Volumes {

		@Bean
		@org.springframework.context.annotation.Primary
		TeamVolumeUsage teamVolumeUsage() {
			return (team) -> volumeBytes.getOrDefault(team.id(), new AtomicLong()).get();
		}

	}

	@Autowired
	TeamQuotas quotas;

	@Autowired
	TeamRepository teams;

	@Test
	void aVolumeBeyondTheQuotaIsRefusedNamingUseAndLimit() {
		Team team = this.teams.createTeam("vol-check", java.time.Instant.now());
		this.teams.putQuota(team.id(), new TeamQuota(null, null, null, 100 * MIB));
		this.quotas.checkVolumeBytes(team, 100 * MIB);
		volumeBytes.put(team.id(), new AtomicLong(60 * MIB));
		assertThat(this.quotas.usageOf(team).volumeBytes()).isEqualTo(60 * MIB);
		assertThatThrownBy(() -> this.quotas.checkVolumeBytes(team, 50 * MIB)).isInstanceOf(ForbiddenException.class)
			.hasMessageContaining("volume quota")
			.hasMessageContaining("uses 60 MiB of its 100 MiB")
			.hasMessageContaining("asks for 50 MiB");
		this.teams.putQuota(team.id(), TeamQuota.UNLIMITED);
		this.quotas.checkVolumeBytes(team, 1000 * MIB);
	}

	@Test
	void parallelVolumeCreatesStopExactlyAtTheQuota() throws Exception {
		Team team = this.teams.createTeam("vol-race", java.time.Instant.now());
		this.teams.putQuota(team.id(), new TeamQuota(null, null, null, 100 * MIB));
		AtomicLong used = volumeBytes.computeIfAbsent(team.id(), (id) -> new AtomicLong());
		int attempts = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(attempts);
		List<Future<Boolean>> results = new ArrayList<>();
		try {
			for (int i = 0; i < attempts; i++) {
				results.add(pool.submit(() -> {
					start.await();
					try {
						return this.quotas.createVolumeWithin(team, 30 * MIB, () -> {
							// Making a volume takes a while; without the lock, others
							// would be admitted meanwhile.
							sleep(20);
							used.addAndGet(30 * MIB);
							return true;
						});
					}
					catch (ForbiddenException ex) {
						return false;
					}
				}));
			}
			start.countDown();
			long admitted = 0;
			for (Future<Boolean> result : results) {
				admitted += result.get() ? 1 : 0;
			}
			assertThat(admitted).isEqualTo(3);
			assertThat(used.get()).isEqualTo(90 * MIB);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
