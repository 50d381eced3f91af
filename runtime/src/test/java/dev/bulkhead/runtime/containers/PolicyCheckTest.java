package dev.bulkhead.runtime.containers;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Admission as a table: requests × levels × granted exceptions, each with its exact
 * verdict written as {@code allowed used=[...]} or {@code refused [field=relaxation,
 * ...] used=[...]} ({@code field=INVALID} for a value no exception can allow).
 */
class PolicyCheckTest {

	private final PolicyCheck policy = new PolicyCheck();

	private static ContainerConfig request(String user, ContainerConfig.Security security) {
		return request(user, null, security);
	}

	private static ContainerConfig request(String user, String network, ContainerConfig.Security security) {
		return new ContainerConfig("web", "busybox", null, List.of("sh"), null, user, null, null, null, null, security,
				null, null, network, null);
	}

	private static ContainerConfig.Security caps(String level, String... capAdd) {
		return new ContainerConfig.Security(level, List.of(capAdd), null, null);
	}

	private static ContainerConfig.Security docker(Boolean privileged, List<String> securityOpt, String pidMode,
			String ipcMode, String usernsMode, List<String> devices) {
		return new ContainerConfig.Security(null, null, null, null, privileged, securityOpt, usernsMode, pidMode,
				ipcMode, devices, null);
	}

	static Stream<Arguments> table() {
		return Stream.of(
				// The defaults and what restricted itself allows.
				row("default request", request(null, null), Set.of(), "allowed used=[]"),
				row("NET_BIND_SERVICE in any spelling", request("1000",
						caps(null, "net_bind_service", "CAP_NET_BIND_SERVICE")), Set.of(), "allowed used=[]"),
				row("read-only root asked explicitly, default seccomp, no-new-privileges on",
						request("1000",
								new ContainerConfig.Security("restricted", null, true, "default", false,
										List.of("no-new-privileges", "no-new-privileges:true", "seccomp=default"),
										"host", "", "private", null, null)),
						Set.of(), "allowed used=[]"),
				// Capabilities.
				row("SYS_PTRACE refused", request(null, caps(null, "SYS_PTRACE")), Set.of(),
						"refused [security.capAdd[0]=cap-add:SYS_PTRACE] used=[]"),
				row("SYS_PTRACE with its exception", request(null, caps(null, "SYS_PTRACE")),
						Set.of("cap-add:SYS_PTRACE"), "allowed used=[cap-add:SYS_PTRACE]"),
				row("an exception for another capability does not help", request(null, caps(null, "SYS_PTRACE")),
						Set.of("cap-add:NET_RAW"), "refused [security.capAdd[0]=cap-add:SYS_PTRACE] used=[]"),
				row("cap-add:ALL covers any capability", request(null, caps(null, "NET_RAW", "SYS_ADMIN")),
						Set.of("cap-add:ALL"), "allowed used=[cap-add:ALL]"),
				row("capAdd ALL needs cap-add:ALL", request(null, caps(null, "ALL")), Set.of("cap-add:SYS_ADMIN"),
						"refused [security.capAdd[0]=cap-add:ALL] used=[]"),
				row("unknown capability is invalid", request(null, caps(null, "MAKE_COFFEE")), Set.of("cap-add:ALL"),
						"refused [security.capAdd[0]=INVALID] used=[]"),
				// Levels: only through exceptions.
				row("baseline without its exception is judged at restricted", request(null, caps("baseline", "CHOWN")),
						Set.of(), "refused [security.level=level:baseline, security.capAdd[0]=cap-add:CHOWN] used=[]"),
				row("baseline with its exception allows its capabilities and root",
						request("root", new ContainerConfig.Security("baseline", List.of("CHOWN"), false, null)),
						Set.of("level:baseline"), "allowed used=[level:baseline]"),
				row("baseline still refuses SYS_ADMIN and unconfined seccomp",
						request(null,
								new ContainerConfig.Security("baseline", List.of("SYS_ADMIN"), null, "unconfined")),
						Set.of("level:baseline"),
						"refused [security.capAdd[0]=cap-add:SYS_ADMIN, security.seccompProfile=seccomp-unconfined] "
								+ "used=[level:baseline]"),
				row("privileged level allows everything", request("0", "host",
						new ContainerConfig.Security("privileged", List.of("SYS_ADMIN"), false, "unconfined", true,
								List.of("no-new-privileges:false"), null, "host", "host", List.of("/dev/fuse"), null)),
						Set.of("level:privileged"), "allowed used=[level:privileged]"),
				row("an unknown level is invalid", request(null, caps("lax")), Set.of(),
						"refused [security.level=INVALID] used=[]"),
				// Root filesystem, seccomp, user, privileges.
				row("writable root", request(null, new ContainerConfig.Security(null, null, false, null)), Set.of(),
						"refused [security.readOnlyRootfs=writable-rootfs] used=[]"),
				row("writable root with its exception",
						request(null, new ContainerConfig.Security(null, null, false, null)), Set.of("writable-rootfs"),
						"allowed used=[writable-rootfs]"),
				row("seccomp unconfined through securityOpt",
						request(null, docker(null, List.of("seccomp=unconfined"), null, null, null, null)), Set.of(),
						"refused [security.securityOpt[0]=seccomp-unconfined] used=[]"),
				row("seccomp unconfined with its exception",
						request(null, new ContainerConfig.Security(null, null, null, "unconfined")),
						Set.of("seccomp-unconfined"), "allowed used=[seccomp-unconfined]"),
				row("unknown seccomp profile is invalid",
						request(null, new ContainerConfig.Security(null, null, null, "relaxed")), Set.of(),
						"refused [security.seccompProfile=INVALID] used=[]"),
				row("root by name and by uid", request("root:root", null), Set.of(),
						"refused [user=run-as-root] used=[]"),
				row("root with its exception", request("0:0", null), Set.of("run-as-root"),
						"allowed used=[run-as-root]"),
				row("no-new-privileges:false",
						request(null, docker(null, List.of("no-new-privileges:false"), null, null, null, null)),
						Set.of(), "refused [security.securityOpt[0]=new-privileges] used=[]"),
				row("unknown securityOpt is invalid",
						request(null, docker(null, List.of("apparmor=unconfined"), null, null, null, null)), Set.of(),
						"refused [security.securityOpt[0]=INVALID] used=[]"),
				// Privileged mode covers capabilities, seccomp, root fs, devices; not
				// namespaces or root.
				row("privileged refused",
						request(null,
								new ContainerConfig.Security(null, List.of("SYS_ADMIN"), false, null, true, null, null,
										null, null, null, null)),
						Set.of(), "refused [security.privileged=privileged] used=[]"),
				row("privileged with its exception covers what it implies", request(null,
						new ContainerConfig.Security(null, List.of("SYS_ADMIN"), false, "unconfined", true,
								List.of("no-new-privileges:false"), null, null, null, List.of("/dev/fuse"), null)),
						Set.of("privileged"), "allowed used=[privileged]"),
				row("privileged does not share host namespaces or run as root",
						request("root", docker(true, null, "host", null, null, null)), Set.of("privileged"),
						"refused [user=run-as-root, security.pidMode=host-pid] used=[privileged]"),
				// Host namespaces.
				row("host network, pid and ipc", request(null, "host", docker(null, null, "host", "host", null, null)),
						Set.of(),
						"refused [network=host-network, security.pidMode=host-pid, security.ipcMode=host-ipc] used=[]"),
				row("host network, pid and ipc with their exceptions",
						request(null, "host", docker(null, null, "host", "host", null, null)),
						Set.of("host-network", "host-pid", "host-ipc"),
						"allowed used=[host-network, host-pid, host-ipc]"),
				row("a bridge network and container network modes are not host relaxations",
						request(null, "container:abc", null), Set.of(), "allowed used=[]"),
				row("pidMode other than host is invalid",
						request(null, docker(null, null, "container:abc", "shared", "private", null)), Set.of(),
						"refused [security.pidMode=INVALID, security.ipcMode=INVALID, security.usernsMode=INVALID] "
								+ "used=[]"),
				// Devices.
				row("a device", request(null, docker(null, null, null, null, null, List.of("/dev/fuse"))), Set.of(),
						"refused [security.devices[0]=devices] used=[]"),
				row("a device with its exception",
						request(null, docker(null, null, null, null, null, List.of("/dev/fuse:/dev/fuse:rw"))),
						Set.of("devices"), "allowed used=[devices]"),
				row("a malformed device is invalid",
						request(null,
								docker(null, null, null, null, null, List.of("/etc/passwd", "/dev/x:/dev/y:rwx"))),
						Set.of("devices"),
						"refused [security.devices[0]=INVALID, security.devices[1]=INVALID] used=[]"),
				// Everything at once: every violation is listed.
				row("everything at once", request("root", "host",
						new ContainerConfig.Security(null, List.of("SYS_ADMIN", "NET_RAW"), false, "unconfined", null,
								List.of("no-new-privileges:false"), null, "host", null, List.of("/dev/fuse"), null)),
						Set.of("cap-add:NET_RAW"),
						"refused [security.capAdd[0]=cap-add:SYS_ADMIN, security.readOnlyRootfs=writable-rootfs, "
								+ "security.securityOpt[0]=new-privileges, security.seccompProfile=seccomp-unconfined, "
								+ "user=run-as-root, network=host-network, security.pidMode=host-pid, "
								+ "security.devices[0]=devices] used=[cap-add:NET_RAW]"));
	}

	private static Arguments row(String name, ContainerConfig config, Set<String> granted, String verdict) {
		return Arguments.of(name, config, granted, verdict);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void verdicts(String name, ContainerConfig config, Set<String> granted, String expected) {
		assertThat(render(this.policy.evaluate(config, granted))).isEqualTo(expected);
	}

	private static String render(PolicyVerdict verdict) {
		String used = " used=" + verdict.relaxationsUsed();
		if (verdict.allowed()) {
			assertThat(verdict.violations()).isEmpty();
			return "allowed" + used;
		}
		return "refused " + verdict.violations()
			.stream()
			.map((v) -> v.field() + "=" + ((v.relaxation() != null) ? v.relaxation() : "INVALID"))
			.collect(Collectors.joining(", ", "[", "]")) + used;
	}

	@Test
	void aViolationSaysWhatIsWrongAndWhatToDoInWords() {
		PolicyVerdict verdict = this.policy.evaluate(request(null, caps(null, "SYS_PTRACE")), Set.of());

		assertThat(verdict.violations()).containsExactly(new PolicyVerdict.Violation("security.capAdd[0]",
				"capability SYS_PTRACE is not allowed at level restricted",
				"drop it (only NET_BIND_SERVICE is open to everyone), or ask an admin for the exception "
						+ "cap-add:SYS_PTRACE",
				"cap-add:SYS_PTRACE"));
	}

	@Test
	void checkReportsEveryViolationInOneMessageOneLineEach() {
		ContainerConfig config = request("root",
				new ContainerConfig.Security(null, List.of("SYS_ADMIN"), false, "unconfined"));

		assertThatThrownBy(() -> this.policy.check(config)).isInstanceOfSatisfying(ForbiddenException.class,
				(ex) -> assertThat(ex.getMessage().split("\n")).containsExactly(
						"security.capAdd[0]: capability SYS_ADMIN is not allowed at level restricted; drop it (only "
								+ "NET_BIND_SERVICE is open to everyone), or ask an admin for the exception "
								+ "cap-add:SYS_ADMIN",
						"security.readOnlyRootfs: a writable root filesystem is not allowed at level restricted; "
								+ "write to /tmp or /run (writable tmpfs) or to a volume, or ask an admin for the "
								+ "exception writable-rootfs",
						"security.seccompProfile: running without a seccomp filter is not allowed at level "
								+ "restricted; keep Bulkhead's default profile, or ask an admin for the exception "
								+ "seccomp-unconfined",
						"user: running as root (uid 0) is not allowed at level restricted; use a non-root uid such "
								+ "as 1000, or ask an admin for the exception run-as-root"));
	}

	@Test
	void checkAdmitsUnderTheExceptionsRecordedInTheRequest() {
		ContainerConfig config = request(null, caps(null, "SYS_PTRACE"));
		ContainerConfig admitted = config.withSecurity(config.security()
			.withExceptions(List.of(new AppliedException(7, "cap-add:SYS_PTRACE", "team:alpha", "debugging", "admin",
					java.time.Instant.parse("2030-01-01T00:00:00Z")))));

		assertThatThrownBy(() -> this.policy.check(config)).isInstanceOf(ForbiddenException.class);
		assertThatCode(() -> this.policy.check(admitted)).doesNotThrowAnyException();
	}

	@Test
	void invalidValuesAreAnInvalidArgumentNotAPolicyViolation() {
		ContainerConfig config = request("root",
				new ContainerConfig.Security(null, List.of("MAKE_COFFEE"), null, null));

		assertThatThrownBy(() -> this.policy.check(config)).isInstanceOf(InvalidArgumentException.class)
			.hasMessage("security.capAdd[0]: 'MAKE_COFFEE' is not a Linux capability; use a name such as "
					+ "NET_BIND_SERVICE (the CAP_ prefix is optional)");
	}

	@Test
	void normalizedCapabilitiesArePrefixedAndDistinctAndAllIsEveryOne() {
		assertThat(PolicyCheck.normalizedCapabilities(List.of("chown", "CAP_CHOWN", "Net_Raw")))
			.containsExactly("CAP_CHOWN", "CAP_NET_RAW");
		assertThat(PolicyCheck.normalizedCapabilities(List.of("all"))).hasSize(41);
	}

	@Test
	void bindMountsOutsideTheOpenPrefixesNeedACoveringException() {
		List<PolicyVerdict.Violation> violations = new java.util.ArrayList<>();
		PolicyGrants grants = PolicyGrants.of(null, Set.of("bind-mount:/srv/data"), violations);
		List<String> open = List.of("/var/lib/bulkhead-shared/");

		PolicyCheck.checkBindMount(grants, violations, "mounts[0].source", "/var/lib/bulkhead-shared/web", open);
		PolicyCheck.checkBindMount(grants, violations, "mounts[1].source", "/srv/data/app", open);
		PolicyCheck.checkBindMount(grants, violations, "mounts[2].source", "/srv/database", open);
		PolicyCheck.checkBindMount(grants, violations, "mounts[3].source", "/etc", open);

		assertThat(violations).extracting(PolicyVerdict.Violation::field, PolicyVerdict.Violation::relaxation)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("mounts[2].source", "bind-mount:/srv/database"),
					org.assertj.core.groups.Tuple.tuple("mounts[3].source", "bind-mount:/etc"));
		assertThat(violations.get(1).line()).isEqualTo("mounts[3].source: host path /etc is outside the directories "
				+ "open to bind mounts (/var/lib/bulkhead-shared/); use a volume, or ask an admin for the exception "
				+ "bind-mount:/etc");
		assertThat(grants.used()).containsExactly("bind-mount:/srv/data");
	}

	@Test
	void bindMountsOutsideThePrefixesNeedAnExceptionThatCoversThem() {
		ContainerConfig request = new ContainerConfig("web", "busybox", null, List.of("sh"), null, null, null, null,
				null, null, null, null, null, null, null, null,
				List.of(new MountSpec("bind", "/srv/shared/x", "/a", null, null, null),
						new MountSpec("bind", "/srv/sharedother", "/b", null, null, null),
						new MountSpec("volume", "v", "/c", null, null, null)),
				null);
		List<java.nio.file.Path> open = List.of(java.nio.file.Path.of("/srv/shared"));

		assertThat(this.policy.evaluate(request, List.of(), open).violations())
			.extracting(PolicyVerdict.Violation::field, PolicyVerdict.Violation::relaxation)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("mounts[1].source", "bind-mount:/srv/sharedother"));
		PolicyVerdict granted = this.policy.evaluate(request, List.of("bind-mount:/srv/sharedother"), open);
		assertThat(granted.allowed()).isTrue();
		assertThat(granted.relaxationsUsed()).containsExactly("bind-mount:/srv/sharedother");
		assertThat(this.policy.evaluate(request, List.of(), null).allowed())
			.as("without prefixes the bind-mount check is left to the volumes code")
			.isTrue();
	}

	@Test
	void hostNetworkNeedsTheHostNetworkExceptionWhileNoneAndAnotherContainersNetworkDoNot() {
		assertThat(this.policy.evaluate(withNetwork("host"), List.of()).violations())
			.extracting(PolicyVerdict.Violation::field, PolicyVerdict.Violation::relaxation)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("network", "host-network"));
		assertThat(this.policy.evaluate(withNetwork("host"), List.of("host-network")).allowed()).isTrue();
		assertThat(this.policy.evaluate(withNetwork("none"), List.of()).allowed()).isTrue();
		assertThat(this.policy.evaluate(withNetwork("container:web"), List.of()).allowed()).isTrue();
		assertThatThrownBy(() -> this.policy.check(withNetwork("host"))).isInstanceOf(ForbiddenException.class)
			.hasMessageContaining("host's network namespace");
	}

	private static ContainerConfig withNetwork(String network) {
		return new ContainerConfig("web", "busybox", null, List.of("sh"), null, null, null, null, null, null, null,
				null, null, network, null);
	}

}
