package dev.bulkhead.it.containers;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every container gets without asking, observed from inside a real container.
 */
class HardenedDefaultsIT extends PlatformTest {

	private String outputOf(String name, String script) {
		String id = this.api.run(name, "sh", "-c", script);
		this.api.await(id);
		return this.api.get("/api/v1/containers/" + id + "/logs").body();
	}

	@Test
	void processHasNoCapabilitiesNoNewPrivilegesAndSeccompFilter() {
		String status = outputOf("status", "grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status");
		assertThat(status).contains("CapEff:\t0000000000000000")
			.contains("CapPrm:\t0000000000000000")
			.contains("CapBnd:\t0000000000000000")
			.contains("NoNewPrivs:\t1")
			.contains("Seccomp:\t2");
	}

	@Test
	void processRunsAsNobodyWhenTheImageNamesNoUser() {
		assertThat(outputOf("whoami", "id -u; id -g").lines().toList()).containsExactly("65534", "65534");
	}

	@Test
	void rootFilesystemIsReadOnlyAndTmpIsWritable() {
		String out = outputOf("rofs", "touch /hello 2>&1; echo root-exit=$?; echo data > /tmp/x && cat /tmp/x");
		assertThat(out).contains("Read-only file system").contains("root-exit=1").contains("data");
	}

	@Test
	void syscallsOutsideTheProfileFailWithEpermWhileOrdinaryAppletsWork() {
		// Creating a user namespace needs no capability, so only seccomp can refuse it.
		String out = outputOf("seccomp",
				"unshare -U true 2>&1; echo unshare-exit=$?; echo hello | sed s/hello/world/; ls / | wc -l");
		assertThat(out).contains("Operation not permitted").contains("unshare-exit=1").contains("world");
	}

	@Test
	void memoryPidsAndCpuLimitsAreAppliedToTheContainersCgroup() throws Exception {
		String id = this.api.run("limits", "sleep", "30");
		try {
			Path memory = Path.of("/sys/fs/cgroup/memory/bulkhead", id);
			Assumptions.assumeTrue(Files.isDirectory(memory), "checks the cgroup v1 layout of this host");
			assertThat(Files.readString(memory.resolve("memory.limit_in_bytes")).trim())
				.isEqualTo(Long.toString(512L * 1024 * 1024));
			assertThat(Files.readString(memory.resolve("memory.memsw.limit_in_bytes")).trim())
				.as("no swap beyond the memory limit")
				.isEqualTo(Long.toString(512L * 1024 * 1024));
			assertThat(Files.readString(Path.of("/sys/fs/cgroup/pids/bulkhead", id, "pids.max")).trim())
				.isEqualTo("1024");
			assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpu/bulkhead", id, "cpu.cfs_quota_us")).trim())
				.isEqualTo("100000");
		}
		finally {
			this.api.delete("/api/v1/containers/" + id + "?force=true");
		}
	}

}
