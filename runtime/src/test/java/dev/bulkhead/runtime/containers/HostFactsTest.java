package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class HostFactsTest {

	@TempDir
	Path temp;

	private static Path fixture(String name) throws URISyntaxException {
		return Path.of(HostFactsTest.class.getResource("/fixtures/proc/" + name).toURI());
	}

	@Test
	void nofileLimitIsTheHardLimitOfProcSelfLimits() throws URISyntaxException {
		assertThat(HostFacts.nofileHardLimit(fixture("limits"))).isEqualTo(524288);
	}

	@Test
	void unlimitedNofileIsCappedAtTheKernelsDefaultMaximum() throws URISyntaxException {
		assertThat(HostFacts.nofileHardLimit(fixture("limits-unlimited"))).isEqualTo(1_048_576);
	}

	@Test
	void nofileLimitFallsBackTo1024WhenUnknown() throws URISyntaxException, IOException {
		assertThat(HostFacts.nofileHardLimit(fixture("limits-without-nofile"))).isEqualTo(1024);
		assertThat(HostFacts.nofileHardLimit(this.temp.resolve("absent"))).isEqualTo(1024);
		Path garbled = Files.writeString(this.temp.resolve("garbled"), "Max open files            lots\n");
		assertThat(HostFacts.nofileHardLimit(garbled)).isEqualTo(1024);
	}

	@Test
	void cgroupV2AccountsSwap() throws IOException {
		Files.writeString(this.temp.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");

		assertThat(HostFacts.swapAccounting(this.temp)).isTrue();
	}

	@Test
	void cgroupV1AccountsSwapOnlyWithMemsw() throws IOException {
		Path memory = Files.createDirectories(this.temp.resolve("memory"));
		Files.writeString(memory.resolve("memory.limit_in_bytes"), "9223372036854771712\n");

		assertThat(HostFacts.swapAccounting(this.temp)).isFalse();

		Files.writeString(memory.resolve("memory.memsw.limit_in_bytes"), "9223372036854771712\n");

		assertThat(HostFacts.swapAccounting(this.temp)).isTrue();
	}

	@Test
	void noCgroupFilesystemMeansNoSwapAccounting() {
		assertThat(HostFacts.swapAccounting(this.temp)).isFalse();
		assertThat(HostFacts.swapAccounting(this.temp.resolve("absent"))).isFalse();
	}

	@Test
	void boundingCapabilitiesFollowTheServersOwnCapBndLine() throws IOException {
		// A server without CAP_SYS_RESOURCE (bit 24), as on the test machines.
		Path status = this.temp.resolve("status");
		Files.writeString(status, "Name:\tjava\nCapInh:\t0000000000000000\nCapBnd:\t000001fffeffffff\n");

		assertThat(HostFacts.boundingCapabilities(status)).hasSize(40)
			.contains("CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE")
			.doesNotContain("CAP_SYS_RESOURCE");
		assertThat(HostFacts.boundingCapabilities(this.temp.resolve("missing"))).hasSize(41);
	}

}
