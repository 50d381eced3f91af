package dev.bulkhead.it.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A memory reservation and CPU shares asked for at create are what the kernel holds for
 * the container's cgroup.
 */
class ResourceWeightsIT extends PlatformTest {

	private static final Path CGROUPS = Path.of("/sys/fs/cgroup");

	@Test
	void memoryReservationAndCpuSharesReachTheCgroup() throws IOException {
		String id = this.api.createWith("weighted", "\"network\":\"none\",\"resources\":{\"memoryBytes\":134217728,"
				+ "\"memoryReservationBytes\":33554432,\"cpuShares\":512},", "sleep", "60");
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		Path v1Memory = CGROUPS.resolve("memory/bulkhead").resolve(id);
		if (Files.isDirectory(v1Memory)) {
			assertThat(read(v1Memory.resolve("memory.soft_limit_in_bytes"))).isEqualTo("33554432");
			assertThat(read(v1Memory.resolve("memory.limit_in_bytes"))).isEqualTo("134217728");
			assertThat(read(CGROUPS.resolve("cpu/bulkhead").resolve(id).resolve("cpu.shares"))).isEqualTo("512");
		}
		else {
			Path v2 = CGROUPS.resolve("bulkhead").resolve(id);
			assertThat(read(v2.resolve("memory.low"))).isEqualTo("33554432");
			// runc converts shares to a weight: 1 + ((shares - 2) * 9999) / 262142
			assertThat(read(v2.resolve("cpu.weight"))).isEqualTo(String.valueOf(1 + ((512 - 2) * 9999) / 262142));
		}
		this.api.post("/api/v1/containers/" + id + "/stop?timeout=1");
	}

	@Test
	void aReservationAboveTheLimitIsRefused() {
		var response = this.api.post("/api/v1/containers", "{\"image\":\"busybox:latest\",\"command\":[\"true\"],"
				+ "\"resources\":{\"memoryBytes\":67108864,\"memoryReservationBytes\":134217728}}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).contains("memoryReservationBytes");
	}

	private static String read(Path file) throws IOException {
		return Files.readString(file).trim();
	}

}
