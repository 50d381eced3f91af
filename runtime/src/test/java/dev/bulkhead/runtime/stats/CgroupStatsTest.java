package dev.bulkhead.runtime.stats;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads cgroup v1 and v2 trees copied from real kernels' file formats.
 */
class CgroupStatsTest {

	private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

	private static final String CGROUP = "/bulkhead/abc123";

	@Test
	void unifiedHierarchyIsReadAsVersion2() {
		CgroupStats stats = CgroupStats.at(FIXTURES.resolve("cgroup/v2"));
		assertThat(stats.version()).isEqualTo(2);
		CgroupReading reading = stats.read(CGROUP).orElseThrow();
		assertThat(reading.cpu().usageNanos()).isEqualTo(2_500_000_000L);
		assertThat(reading.cpu().userNanos()).isEqualTo(2_000_000_000L);
		assertThat(reading.cpu().systemNanos()).isEqualTo(500_000_000L);
		assertThat(reading.cpu().periods()).isEqualTo(120);
		assertThat(reading.cpu().throttledPeriods()).isEqualTo(45);
		assertThat(reading.cpu().throttledNanos()).isEqualTo(3_200_000_000L);
		assertThat(reading.cpu().limitCpus()).isEqualTo(0.2);
		assertThat(reading.memory().usageBytes()).isEqualTo(73_400_320L);
		assertThat(reading.memory().workingSetBytes()).isEqualTo(73_400_320L - 16_777_216L);
		assertThat(reading.memory().limitBytes()).isEqualTo(268_435_456L);
		assertThat(reading.memory().peakBytes()).isEqualTo(90_177_536L);
		assertThat(reading.memory().anonBytes()).isEqualTo(52_428_800L);
		assertThat(reading.memory().fileBytes()).isEqualTo(20_971_520L);
		assertThat(reading.pids().current()).isEqualTo(7);
		assertThat(reading.pids().limit()).isEqualTo(1024L);
		assertThat(reading.blockIo().readBytes()).isEqualTo(3_145_728L);
		assertThat(reading.blockIo().writeBytes()).isEqualTo(12_288L);
		assertThat(stats.processes(CGROUP)).containsExactly(1, 42, 43);
	}

	@Test
	void version2MaxMeansNoLimitAndAMissingPeakIsUnknown() {
		CgroupReading reading = CgroupStats.at(FIXTURES.resolve("cgroup/v2")).read("/bulkhead/unlimited").orElseThrow();
		assertThat(reading.cpu().limitCpus()).isNull();
		assertThat(reading.memory().limitBytes()).isNull();
		assertThat(reading.memory().peakBytes()).isNull();
		assertThat(reading.pids().limit()).isNull();
		assertThat(reading.blockIo().readBytes()).isZero();
	}

	@Test
	void perControllerHierarchiesAreReadAsVersion1EvenWithAnEmptyUnifiedMount() {
		CgroupStats stats = CgroupStats.at(FIXTURES.resolve("cgroup/v1"));
		assertThat(stats.version()).isEqualTo(1);
		CgroupReading reading = stats.read(CGROUP).orElseThrow();
		// cpu and cpuacct are found in a joint "cpu,cpuacct" mount
		assertThat(reading.cpu().usageNanos()).isEqualTo(4_200_000_000L);
		assertThat(reading.cpu().userNanos()).isEqualTo(3_000_000_000L);
		assertThat(reading.cpu().systemNanos()).isEqualTo(1_200_000_000L);
		assertThat(reading.cpu().periods()).isEqualTo(300);
		assertThat(reading.cpu().throttledPeriods()).isEqualTo(210);
		assertThat(reading.cpu().throttledNanos()).isEqualTo(15_500_000_000L);
		assertThat(reading.cpu().limitCpus()).isEqualTo(0.2);
		assertThat(reading.memory().usageBytes()).isEqualTo(41_943_040L);
		assertThat(reading.memory().workingSetBytes()).isEqualTo(41_943_040L - 6_291_456L);
		assertThat(reading.memory().limitBytes()).isEqualTo(33_554_432L);
		assertThat(reading.memory().peakBytes()).isEqualTo(33_554_432L);
		assertThat(reading.memory().anonBytes()).isEqualTo(31_457_280L);
		assertThat(reading.pids().current()).isEqualTo(3);
		assertThat(reading.pids().limit()).isNull();
		assertThat(reading.blockIo().readBytes()).isEqualTo(1_048_576L);
		assertThat(reading.blockIo().writeBytes()).isEqualTo(524_288L);
		assertThat(stats.processes(CGROUP)).containsExactly(100, 101, 102);
	}

	@Test
	void aCgroupThatIsGoneReadsAsEmpty() {
		assertThat(CgroupStats.at(FIXTURES.resolve("cgroup/v1")).read("/bulkhead/gone")).isEmpty();
		assertThat(CgroupStats.at(FIXTURES.resolve("cgroup/v2")).read("/bulkhead/gone")).isEmpty();
		assertThat(CgroupStats.at(FIXTURES.resolve("cgroup/v2")).processes("/bulkhead/gone")).isEmpty();
	}

	@Test
	void containerReadingAddsTheNetworkOfItsMainProcessWithoutLoopback() {
		ContainerStatsReader reader = new ContainerStatsReader(CgroupStats.at(FIXTURES.resolve("cgroup/v2")),
				FIXTURES.resolve("proc"), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
		ContainerStats stats = reader.read("abc123", 42).orElseThrow();
		assertThat(stats.cgroupVersion()).isEqualTo(2);
		assertThat(stats.network().rxBytes()).isEqualTo(123_456L);
		assertThat(stats.network().rxPackets()).isEqualTo(321L);
		assertThat(stats.network().txBytes()).isEqualTo(65_432L);
		assertThat(stats.network().txPackets()).isEqualTo(123L);
		assertThat(reader.read("abc123", 99999).orElseThrow().network()).isNull();
		assertThat(stats.cpu().percent()).isNull();
	}

	@Test
	void cpuPercentIsTheUseBetweenTwoReadingsInPercentOfOneCpu() {
		ContainerStatsReader reader = new ContainerStatsReader(CgroupStats.at(FIXTURES.resolve("cgroup/v2")),
				FIXTURES.resolve("proc"), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
		ContainerStats first = reader.read("abc123", null).orElseThrow();
		ContainerStats second = new ContainerStats(first.read().plusMillis(500), 2,
				new ContainerStats.Cpu(first.cpu().usageNanos() + 100_000_000L, null, null, 0.2, 0, 0, 0, null),
				first.memory(), first.pids(), null, first.blockIo());
		assertThat(ContainerStatsReader.withCpuPercent(first, second).cpu().percent()).isEqualTo(20.0);
	}

}
