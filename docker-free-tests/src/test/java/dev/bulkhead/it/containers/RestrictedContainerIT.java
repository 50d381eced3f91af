package dev.bulkhead.it.containers;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.ProbeImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a default (restricted) busybox container cannot do, each tried for real from
 * inside and asserted with the exact error the program printed. Some files in /proc exist
 * only when the kernel has the feature (this test machine's kernel has no
 * {@code /proc/kcore} and no {@code /proc/sysrq-trigger}); for those the expectation
 * follows the host, so the test checks the protection wherever the file exists.
 */
class RestrictedContainerIT extends PlatformTest {

	private String outputOf(String name, String script) {
		String id = this.api.run(name, "sh", "-c", script);
		this.api.await(id);
		return this.api.get("/api/v1/containers/" + id + "/logs").body();
	}

	@Test
	void mountingATmpfsIsRefused() {
		assertThat(outputOf("r-mount", "mkdir -p /tmp/m; mount -t tmpfs none /tmp/m 2>&1; echo rc=$?"))
			.isEqualTo("mount: permission denied (are you root?)\nrc=1\n");
	}

	@Test
	void newMountUserAndNetworkNamespacesAreRefused() {
		String out = outputOf("r-unshare", "for flag in -m -U -n; do unshare $flag true 2>&1; echo rc=$?; done");
		assertThat(out).isEqualTo("unshare: unshare(0x20000): Operation not permitted\nrc=1\n"
				+ "unshare: unshare(0x10000000): Operation not permitted\nrc=1\n"
				+ "unshare: unshare(0x40000000): Operation not permitted\nrc=1\n");
	}

	@Test
	void loadingAKernelModuleIsRefusedWithEperm() {
		// init_module is outside the seccomp allowlist: EPERM, even on a kernel without
		// module support (which would answer ENOSYS).
		assertThat(outputOf("r-insmod", "insmod /bin/busybox 2>&1; echo rc=$?"))
			.isEqualTo("insmod: can't insert '/bin/busybox': Operation not permitted\nrc=1\n");
	}

	@Test
	void kernelSettingsUnderProcSysAreReadOnly() {
		// core_pattern names a program the kernel runs as root on a crash: the classic
		// escape. /proc/sys/kernel/modprobe is the same kind of file where modules exist.
		String out = outputOf("r-procsys", "{ echo '|/bin/sh' > /proc/sys/kernel/core_pattern; } 2>&1; echo rc=$?;"
				+ " if [ -e /proc/sys/kernel/modprobe ]; then { echo /bin/sh > /proc/sys/kernel/modprobe; } 2>&1;"
				+ " else echo absent; fi");
		String modprobe = Files.exists(Path.of("/proc/sys/kernel/modprobe"))
				? "sh: can't create /proc/sys/kernel/modprobe: Read-only file system\n" : "absent\n";
		assertThat(out)
			.isEqualTo("sh: can't create /proc/sys/kernel/core_pattern: Read-only file system\nrc=1\n" + modprobe);
	}

	@Test
	void writingSysrqTriggerIsRefused() {
		String out = outputOf("r-sysrq", "{ echo h > /proc/sysrq-trigger; } 2>&1; echo rc=$?");
		String expected = Files.exists(Path.of("/proc/sysrq-trigger"))
				? "sh: can't create /proc/sysrq-trigger: Read-only file system\nrc=1\n"
				: "sh: can't create /proc/sysrq-trigger: nonexistent directory\nrc=1\n";
		assertThat(out).isEqualTo(expected);
	}

	@Test
	void kernelMemoryAndTimerAndKeyringFilesReadAsEmpty() throws Exception {
		String out = outputOf("r-masked", "for f in /proc/kcore /proc/timer_list /proc/keys; do"
				+ " if [ -e $f ]; then echo \"$f $(wc -c < $f)\"; else echo \"$f absent\"; fi; done");
		StringBuilder expected = new StringBuilder();
		for (String file : new String[] { "/proc/kcore", "/proc/timer_list", "/proc/keys" }) {
			// Masked: the container sees /dev/null where the host has the file.
			expected.append(file).append(Files.exists(Path.of(file)) ? " 0\n" : " absent\n");
		}
		assertThat(out).isEqualTo(expected.toString());
		assertThat(Files.readString(Path.of("/proc/timer_list"))).as("the host's own timer_list is not empty")
			.isNotEmpty();
	}

	@Test
	void rawSocketsAreRefusedSoPingFails() {
		assertThat(outputOf("r-ping", "ping -c 1 -W 1 127.0.0.1 2>&1; echo rc=$?"))
			.isEqualTo("PING 127.0.0.1 (127.0.0.1): 56 data bytes\nping: permission denied (are you root?)\nrc=1\n");
	}

	/**
	 * Busybox has no ptrace applet, so a small static probe built by the test tries
	 * {@code ptrace(PTRACE_ATTACH)} on its own child: same user, so only the missing
	 * capability and the seccomp filter stand in the way.
	 */
	@Test
	void ptraceAttachToAnotherProcessIsRefusedWithEperm() throws Exception {
		Api.Response loaded = this.api.upload("/api/v1/images/load", ProbeImages.ptraceProbeTar());
		assertThat(loaded.status()).as(loaded.body()).isEqualTo(201);
		Api.Response created = this.api.post("/api/v1/containers",
				"{\"name\":\"r-ptrace\",\"image\":\"" + ProbeImages.PTRACE + "\",\"command\":[\"/ptrace-probe\"]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Api.CREATED.add(id);
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		this.api.await(id);
		assertThat(this.api.get("/api/v1/containers/" + id + "/logs").body())
			.isEqualTo("ptrace attach: Operation not permitted\n");
	}

	@Test
	void noCapabilityAndNoPtraceRuleInTheSeccompFilter() throws Exception {
		String id = this.api.run("r-caps", "sh", "-c", "grep -E '^Cap(Eff|Prm|Bnd|Amb)' /proc/self/status");
		this.api.await(id);
		assertThat(this.api.get("/api/v1/containers/" + id + "/logs").body())
			.isEqualTo("CapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\n"
					+ "CapAmb:\t0000000000000000\n");
		JsonNode seccomp = Api.JSON
			.readTree(Files.readString(this.roots.resolve("data/containers/" + id + "/bundle/config.json")))
			.get("linux")
			.get("seccomp");
		assertThat(seccomp.get("defaultAction").asString()).isEqualTo("SCMP_ACT_ERRNO");
		List<String> allowed = new ArrayList<>();
		seccomp.get("syscalls").forEach((rule) -> rule.get("names").forEach((name) -> allowed.add(name.asString())));
		assertThat(allowed).contains("read", "clone").doesNotContain("ptrace", "process_vm_readv", "process_vm_writev");
	}

}
