package dev.bulkhead.runtime.stats;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostUsageTest {

	@Test
	void readsBusyCpuSinceBootAndAvailableMemory() {
		HostUsage.Reading reading = new HostUsage(Path.of("src/test/resources/fixtures/proc")).read();
		// busy = user + nice + system + irq + softirq = 1500 of 10000 ticks
		assertThat(reading.cpuBusyPercent()).isEqualTo(15.0);
		assertThat(reading.memoryTotalBytes()).isEqualTo(24_576_000L * 1024);
		assertThat(reading.memoryAvailableBytes()).isEqualTo(18_432_000L * 1024);
		assertThat(reading.memoryUsedPercent()).isEqualTo(25.0);
	}

	@Test
	void busyPercentIsMeasuredBetweenTwoSamples() {
		HostUsage.CpuTimes before = HostUsage.cpuTimes("cpu  100 0 100 800 0 0 0 0\n");
		HostUsage.CpuTimes after = HostUsage.cpuTimes("cpu  400 0 200 1400 0 0 0 0\n");
		assertThat(after.busy() - before.busy()).isEqualTo(400);
		assertThat(after.total() - before.total()).isEqualTo(1000);
	}

}
