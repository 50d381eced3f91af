package dev.bulkhead.backend.containers;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.containers.AppliedException;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.ContainerState;
import dev.bulkhead.runtime.containers.EffectiveSecurity;
import dev.bulkhead.runtime.containers.MountSpec;
import dev.bulkhead.runtime.networks.NetworkAttachment;
import dev.bulkhead.runtime.networks.PortMapping;
import dev.bulkhead.runtime.oci.Spec;
import dev.bulkhead.runtime.oci.SpecBuilder;
import dev.bulkhead.runtime.oci.SpecOpts;
import dev.bulkhead.security.profiles.SecurityProfiles;

import static org.assertj.core.api.Assertions.assertThat;

class InspectViewTest {

	private static final long MIB = 1024L * 1024;

	private static Spec hardenedSpec() {
		return new SpecBuilder().with(List.of(SpecOpts.defaults(), SpecOpts.user(65534, 65534, List.of()),
				SpecOpts.hardened(List.of("NET_BIND_SERVICE")), SpecOpts.readonlyRootfs(64 * MIB),
				SpecOpts.userMounts(List.of(new Spec.Mount("/data", "bind", "/srv/volumes/data/_data",
						List.of("rbind", "nosuid", "nodev")))),
				SpecOpts.resources(96 * MIB, 96 * MIB, 0.5, 64), SpecOpts.resourceWeights(32 * MIB, 512L)))
			.build();
	}

	private static Container container(List<AppliedException> exceptions, NetworkAttachment network) {
		ContainerConfig config = new ContainerConfig("web", "busybox", null, List.of("sleep", "60"), null, null, null,
				null, null, null, null, null, null, "app", null, null,
				List.of(new MountSpec("volume", "data", "/data", null, null, null)), List.of("api"));
		EffectiveSecurity security = new EffectiveSecurity("restricted", 65534, 65534, List.of("CAP_NET_BIND_SERVICE"),
				true, "default", true, 96 * MIB, 96 * MIB, 0.5, 64, false, null, null, exceptions);
		return new Container("a".repeat(64), "web", "busybox", "sha256:" + "b".repeat(64), config,
				ContainerState.RUNNING, Instant.EPOCH, Instant.EPOCH, null, null, false, false, 42, security, null,
				network);
	}

	private static Map<String, String> rows(List<InspectView.Row> rows) {
		return rows.stream().collect(Collectors.toMap(InspectView.Row::label, InspectView.Row::value));
	}

	@Test
	void hardenedSpecIsDescribedWithTheValuesRuncIsGiven() {
		InspectView view = InspectView.of(container(List.of(), null), hardenedSpec(), "{}");
		Map<String, String> security = rows(view.security());
		assertThat(security).containsEntry("Policy level", "restricted")
			.containsEntry("User:group", "65534:65534")
			.containsEntry("Capabilities (effective)", "CAP_NET_BIND_SERVICE")
			.containsEntry("Capabilities (bounding)", "CAP_NET_BIND_SERVICE")
			.containsEntry("Root filesystem", "read-only")
			.containsEntry("Masked paths", SecurityProfiles.maskedPaths().size() + " paths")
			.containsEntry("Read-only paths", SecurityProfiles.readonlyPaths().size() + " paths")
			.containsEntry("Devices", "none added (only runc's standard /dev nodes)");
		assertThat(security.get("No new privileges")).startsWith("yes");
		long allowed = SecurityProfiles.defaultSeccomp()
			.syscalls()
			.stream()
			.filter((r) -> r.action().equals("SCMP_ACT_ALLOW"))
			.flatMap((r) -> r.names().stream())
			.distinct()
			.count();
		assertThat(allowed).isGreaterThan(100);
		assertThat(security.get("Seccomp")).startsWith("profile default; default action SCMP_ACT_ERRNO")
			.endsWith("; " + allowed + " syscalls allowed");
		assertThat(security.get("Namespaces")).contains("own: pid, network, ipc, uts, mount")
			.contains("shared with the host: ")
			.contains("user");

		Map<String, String> limits = rows(view.limits());
		assertThat(limits).containsEntry("Memory limit", "96 MiB")
			.containsEntry("Memory reservation", "32 MiB")
			.containsEntry("Memory + swap", "96 MiB (no swap)")
			.containsEntry("CPU quota / period", "50000 µs per 100000 µs (0.5 CPUs)")
			.containsEntry("CPU shares", "512")
			.containsEntry("Processes (pids)", "64");
	}

	@Test
	void capabilitiesAllDroppedReadNoneAndAMissingFilterReadsUnconfined() {
		Spec spec = new SpecBuilder().with(List.of(SpecOpts.defaults(), SpecOpts.hardened(List.of()),
				SpecOpts.unconfinedSeccomp(), SpecOpts.hostNamespace("pid")))
			.build();
		Map<String, String> security = rows(InspectView.security(container(List.of(), null), spec));
		assertThat(security.get("Capabilities (effective)")).isEqualTo("none (all dropped)");
		assertThat(security.get("Seccomp")).startsWith("unconfined");
		assertThat(security.get("Namespaces")).doesNotContain("own: pid").contains("shared with the host: pid");
	}

	@Test
	void mountsNameTheVolumeAndSayWhetherTheyAreReadOnly() {
		List<InspectView.MountRow> mounts = InspectView.mounts(container(List.of(), null), hardenedSpec());
		InspectView.MountRow data = mounts.stream().filter((m) -> m.destination().equals("/data")).findFirst().get();
		assertThat(data.type()).isEqualTo("volume");
		assertThat(data.source()).isEqualTo("volume data");
		assertThat(data.readOnly()).isFalse();
		InspectView.MountRow sys = mounts.stream().filter((m) -> m.destination().equals("/sys")).findFirst().get();
		assertThat(sys.readOnly()).isTrue();
		assertThat(sys.type()).isEqualTo("sysfs");
	}

	@Test
	void networksShowAddressesAliasesAndPublishedPorts() {
		NetworkAttachment app = new NetworkAttachment("app", "10.232.10.5", 24, "10.232.10.1", "02:42:0a:e8:0a:05",
				List.of(new PortMapping("127.0.0.1", 18080, 80, "tcp")), "eth0", 1500, List.of());
		InspectView.NetworkRow row = InspectView.networks(container(List.of(), app)).get(0);
		assertThat(row.network()).isEqualTo("app");
		assertThat(row.ip()).isEqualTo("10.232.10.5/24");
		assertThat(row.mac()).isEqualTo("02:42:0a:e8:0a:05");
		assertThat(row.gateway()).isEqualTo("10.232.10.1");
		assertThat(row.aliases()).containsExactly("api");
		assertThat(row.ports()).containsExactly("127.0.0.1:18080 → 80/tcp");
	}

	@Test
	void exceptionsComeFromTheContainersRecord() {
		AppliedException granted = new AppliedException(7, "cap-add:SYS_PTRACE", "team:alpha", "debugging a leak",
				"admin", Instant.parse("2030-01-01T00:00:00Z"));
		InspectView view = InspectView.of(container(List.of(granted), null), hardenedSpec(), "{}");
		assertThat(view.exceptions()).containsExactly(granted);
	}

}
