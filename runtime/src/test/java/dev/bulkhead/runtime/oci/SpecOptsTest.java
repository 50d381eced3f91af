package dev.bulkhead.runtime.oci;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.images.ImageConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecOptsTest {

	private static ImageConfig.Config image(List<String> env, List<String> entrypoint, List<String> cmd,
			String workingDir) {
		return new ImageConfig.Config(null, null, env, entrypoint, cmd, null, workingDir, null, null);
	}

	private static final ImageConfig.Config WITH_ENTRYPOINT = image(null, List.of("/entry.sh", "--verbose"),
			List.of("serve", "--port", "80"), null);

	private static Spec build(SpecOpt... opts) {
		return new SpecBuilder().with(List.of(opts)).build();
	}

	private static Spec withCommand(ImageConfig.Config image, List<String> entrypoint, List<String> command) {
		return build(SpecOpts.defaults(), SpecOpts.imageConfig(image), SpecOpts.command(image, entrypoint, command));
	}

	@Test
	void initRunsAsPidOneWithTheCommandAsItsChildFromAReadOnlyBinary() {
		Spec spec = build(SpecOpts.defaults(), SpecOpts.imageConfig(WITH_ENTRYPOINT),
				SpecOpts.command(WITH_ENTRYPOINT, null, null), SpecOpts.init("/usr/bin/catatonit"));
		assertThat(spec.process().args()).containsExactly("/.bulkhead/init", "--", "/entry.sh", "--verbose", "serve",
				"--port", "80");
		assertThat(spec.mounts()).anySatisfy((mount) -> {
			assertThat(mount.destination()).isEqualTo("/.bulkhead/init");
			assertThat(mount.source()).isEqualTo("/usr/bin/catatonit");
			assertThat(mount.options()).contains("ro", "nosuid", "nodev").doesNotContain("noexec");
		});
	}

	@Test
	void resourceWeightsKeepTheLimits() {
		Spec spec = build(SpecOpts.defaults(), SpecOpts.resources(64L << 20, 64L << 20, 0.5, 100),
				SpecOpts.resourceWeights(32L << 20, 512L));
		assertThat(spec.linux().resources().memory()).isEqualTo(new Spec.Memory(64L << 20, 32L << 20, 64L << 20));
		assertThat(spec.linux().resources().cpu()).isEqualTo(new Spec.Cpu(512L, 50_000L, 100_000L, null));
		Spec unweighted = build(SpecOpts.defaults(), SpecOpts.resources(64L << 20, null, 1, 100),
				SpecOpts.resourceWeights(null, null));
		assertThat(unweighted.linux().resources().memory().reservation()).isNull();
		assertThat(unweighted.linux().resources().cpu().shares()).isNull();
	}

	@Test
	void withoutOverridesTheImageEntrypointAndCmdRun() {
		assertThat(withCommand(WITH_ENTRYPOINT, null, null).process().args()).containsExactly("/entry.sh", "--verbose",
				"serve", "--port", "80");
	}

	@Test
	void givenEntrypointReplacesTheImagesAndDropsItsCmd() {
		assertThat(withCommand(WITH_ENTRYPOINT, List.of("/bin/sh"), null).process().args()).containsExactly("/bin/sh");
	}

	@Test
	void givenEntrypointAndCommandRunTogether() {
		assertThat(withCommand(WITH_ENTRYPOINT, List.of("/bin/sh"), List.of("-c", "true")).process().args())
			.containsExactly("/bin/sh", "-c", "true");
	}

	@Test
	void givenCommandReplacesTheImagesCmdAndKeepsItsEntrypoint() {
		assertThat(withCommand(WITH_ENTRYPOINT, null, List.of("check")).process().args()).containsExactly("/entry.sh",
				"--verbose", "check");
	}

	@Test
	void emptyCommandKeepsTheImagesCmd() {
		assertThat(withCommand(WITH_ENTRYPOINT, null, List.of()).process().args()).containsExactly("/entry.sh",
				"--verbose", "serve", "--port", "80");
	}

	@Test
	void emptyEntrypointClearsTheImagesEntrypointAndCmd() {
		assertThat(withCommand(WITH_ENTRYPOINT, List.of(), List.of("id")).process().args()).containsExactly("id");
		assertThat(withCommand(WITH_ENTRYPOINT, List.of(), null).process().args()).isEmpty();
	}

	@Test
	void givenCommandRunsAloneWhenTheImageHasNoEntrypoint() {
		ImageConfig.Config busybox = image(null, null, List.of("sh"), null);

		assertThat(withCommand(busybox, null, List.of("echo", "hi")).process().args()).containsExactly("echo", "hi");
		assertThat(withCommand(busybox, null, null).process().args()).containsExactly("sh");
	}

	@Test
	void imageWithoutConfigLeavesOnlyTheRequestedCommand() {
		assertThat(withCommand(null, null, List.of("true")).process().args()).containsExactly("true");
		assertThat(withCommand(null, null, null).process().args()).isEmpty();
	}

	@Test
	void requestEnvironmentReplacesTheImagesVariableOfTheSameName() {
		ImageConfig.Config image = image(List.of("PATH=/opt/bin:/bin", "MODE=image", "FLAG", "EMPTY="), null,
				List.of("sh"), null);

		Spec spec = build(SpecOpts.defaults(), SpecOpts.imageConfig(image), SpecOpts.env(Map.of("MODE", "request")));

		assertThat(spec.process().env()).containsExactly("PATH=/opt/bin:/bin", "MODE=request", "FLAG=", "EMPTY=");
	}

	@Test
	void defaultPathIsSetWhenTheImageHasNone() {
		Spec spec = build(SpecOpts.defaults(), SpecOpts.imageConfig(image(null, null, List.of("sh"), null)));

		assertThat(spec.process().env()).containsExactly("PATH=" + SpecOpts.DEFAULT_PATH);
	}

	@Test
	void imageWorkingDirIsUsedAndTheRequestsWins() {
		ImageConfig.Config image = image(null, null, List.of("sh"), "/app");

		assertThat(build(SpecOpts.defaults(), SpecOpts.imageConfig(image)).process().cwd()).isEqualTo("/app");
		assertThat(
				build(SpecOpts.defaults(), SpecOpts.imageConfig(image), SpecOpts.workingDir("/work")).process().cwd())
			.isEqualTo("/work");
		assertThat(build(SpecOpts.defaults(), SpecOpts.imageConfig(image(null, null, null, " "))).process().cwd())
			.isEqualTo("/");
	}

	@Test
	void hardenedNormalizesCapabilityNamesAndKeepsEachOnce() {
		Spec spec = build(SpecOpts.defaults(),
				SpecOpts.hardened(List.of("net_bind_service", "CAP_NET_BIND_SERVICE", "Chown")));

		Spec.Capabilities caps = spec.process().capabilities();
		assertThat(caps.bounding()).containsExactly("CAP_NET_BIND_SERVICE", "CAP_CHOWN");
		assertThat(caps.effective()).containsExactly("CAP_NET_BIND_SERVICE", "CAP_CHOWN");
		assertThat(caps.permitted()).containsExactly("CAP_NET_BIND_SERVICE", "CAP_CHOWN");
		// A non-root process keeps capabilities across exec only through the ambient set.
		assertThat(caps.inheritable()).containsExactly("CAP_NET_BIND_SERVICE", "CAP_CHOWN");
		assertThat(caps.ambient()).containsExactly("CAP_NET_BIND_SERVICE", "CAP_CHOWN");
	}

	@Test
	void sysPtraceOpensThePtraceCallsInTheSeccompFilterAndNothingElseDoes() {
		Spec without = build(SpecOpts.defaults(), SpecOpts.hardened(List.of("NET_BIND_SERVICE")));
		Spec with = build(SpecOpts.defaults(), SpecOpts.hardened(List.of("SYS_PTRACE")));

		assertThat(without.linux().seccomp())
			.isEqualTo(dev.bulkhead.security.profiles.SecurityProfiles.defaultSeccomp());
		assertThat(with.linux().seccomp().syscalls()).hasSize(without.linux().seccomp().syscalls().size() + 1)
			.last()
			.satisfies((rule) -> assertThat(rule.names()).contains("ptrace", "process_vm_readv"));
	}

	@Test
	void privilegedKeepsEveryCapabilityDropsSeccompMasksAndTheDeviceDenyRule() {
		Spec spec = build(SpecOpts.defaults(), SpecOpts.hardened(List.of()),
				SpecOpts.privileged(dev.bulkhead.security.profiles.Capabilities.all()));

		assertThat(spec.process().capabilities().bounding())
			.containsExactlyElementsOf(dev.bulkhead.security.profiles.Capabilities.all());
		assertThat(spec.process().noNewPrivileges()).isFalse();
		assertThat(spec.linux().seccomp()).isNull();
		assertThat(spec.linux().maskedPaths()).isEmpty();
		assertThat(spec.linux().readonlyPaths()).isEmpty();
		assertThat(spec.linux().resources().devices())
			.containsExactly(new Spec.DeviceRule(true, null, null, null, "rwm"));
		assertThat(spec.mounts()).filteredOn((m) -> m.destination().equals("/sys"))
			.singleElement()
			.satisfies((m) -> assertThat(m.options()).contains("rw").doesNotContain("ro"));
	}

	@Test
	void hostNamespacesAreLeftOutAndDevicesGetANodeAndACgroupRule() {
		Spec.Device fuse = new Spec.Device("/dev/fuse", "c", 10, 229, 0666, 0L, 0L);
		Spec spec = build(SpecOpts.defaults(), SpecOpts.hostNamespace("pid"), SpecOpts.hostNamespace("ipc"),
				SpecOpts.devices(List.of(fuse), List.of("rw")));

		assertThat(spec.linux().namespaces()).extracting(Spec.Namespace::type)
			.containsExactly("network", "uts", "mount");
		assertThat(spec.linux().devices()).containsExactly(fuse);
		assertThat(spec.linux().resources().devices()).containsExactly(
				new Spec.DeviceRule(false, null, null, null, "rwm"), new Spec.DeviceRule(true, "c", 10L, 229L, "rw"));
	}

	@Test
	void hardenedRefusesAnUnknownCapability() {
		SpecOpt opt = SpecOpts.hardened(List.of("CAP_MAKE_COFFEE"));

		assertThatThrownBy(() -> build(SpecOpts.defaults(), opt)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("CAP_MAKE_COFFEE");
	}

	@Test
	void hardenedTurnsOnNoNewPrivilegesSeccompAndProtectedPaths() {
		Spec spec = build(SpecOpts.defaults(), SpecOpts.hardened(List.of()));

		assertThat(spec.process().noNewPrivileges()).isTrue();
		assertThat(spec.process().capabilities().bounding()).isEmpty();
		assertThat(spec.linux().seccomp()).isNotNull();
		assertThat(spec.linux().seccomp().defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
		assertThat(spec.linux().maskedPaths()).contains("/proc/kcore");
		assertThat(spec.linux().readonlyPaths()).contains("/proc/sys");
	}

	@Test
	void readonlyRootfsRunTmpfsIsOwnedByTheUserSetBeforeIt() {
		Spec spec = build(SpecOpts.defaults(), SpecOpts.user(1000, 2000, List.of()), SpecOpts.readonlyRootfs(4096));

		assertThat(spec.root().readonly()).isTrue();
		Spec.Mount run = mount(spec, "/run");
		assertThat(run.type()).isEqualTo("tmpfs");
		assertThat(run.options()).contains("uid=1000", "gid=2000", "size=4096", "nosuid", "nodev", "noexec");
		assertThat(mount(spec, "/tmp").options()).contains("mode=1777", "size=4096");
	}

	@Test
	void readonlyRootfsBeforeTheUserLeavesRunOwnedByRoot() {
		// the option reads the user at the time it is applied: order matters
		Spec spec = build(SpecOpts.defaults(), SpecOpts.readonlyRootfs(4096), SpecOpts.user(1000, 2000, List.of()));

		assertThat(mount(spec, "/run").options()).contains("uid=0", "gid=0");
		assertThat(spec.process().user().uid()).isEqualTo(1000);
	}

	@Test
	void rootIsWritableWithoutTheReadonlyOption() {
		Spec spec = build(SpecOpts.defaults());

		assertThat(spec.root()).isEqualTo(new Spec.Root("rootfs", false));
		assertThat(spec.mounts()).extracting(Spec.Mount::destination).doesNotContain("/tmp", "/run");
	}

	@Test
	void userSetsIdsAndReplacesAdditionalGroups() {
		Spec spec = build(SpecOpts.defaults(), SpecOpts.user(5, 6, List.of(7L)), SpecOpts.user(10, 11, List.of(12L)));

		assertThat(spec.process().user()).isEqualTo(new Spec.User(10, 11, List.of(12L)));
		assertThat(build(SpecOpts.defaults(), SpecOpts.user(10, 11, List.of())).process().user().additionalGids())
			.isNull();
	}

	@Test
	void resourcesTurnCpusIntoQuotaPerPeriod() {
		Spec spec = build(SpecOpts.defaults(), SpecOpts.resources(64L << 20, null, 1.5, 50));

		Spec.Resources resources = spec.linux().resources();
		assertThat(resources.memory()).isEqualTo(new Spec.Memory(64L << 20, null, null));
		assertThat(resources.cpu().quota()).isEqualTo(150_000L);
		assertThat(resources.cpu().period()).isEqualTo(100_000L);
		assertThat(resources.pids()).isEqualTo(new Spec.Pids(50));
	}

	@Test
	void nofileReplacesAnEarlierLimit() {
		Spec spec = build(SpecOpts.defaults(), SpecOpts.nofile(4096), SpecOpts.nofile(1024));

		assertThat(spec.process().rlimits()).containsExactly(new Spec.Rlimit("RLIMIT_NOFILE", 1024, 1024));
	}

	@Test
	void defaultsDenyAllDevicesAndUnshareFiveNamespaces() {
		Spec spec = build(SpecOpts.defaults());

		assertThat(spec.linux().resources().devices())
			.containsExactly(new Spec.DeviceRule(false, null, null, null, "rwm"));
		assertThat(spec.linux().namespaces()).extracting(Spec.Namespace::type)
			.containsExactly("pid", "network", "ipc", "uts", "mount");
		assertThat(spec.linux().namespaces()).extracting(Spec.Namespace::type).doesNotContain("user", "cgroup");
		assertThat(spec.mounts()).extracting(Spec.Mount::destination)
			.containsExactly("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys");
	}

	@Test
	void readonlyBindIsReadOnlyAndNoexec() {
		Spec spec = build(SpecOpts.readonlyBind("/host/hosts", "/etc/hosts"));

		assertThat(spec.mounts()).containsExactly(new Spec.Mount("/etc/hosts", "bind", "/host/hosts",
				List.of("rbind", "ro", "nosuid", "nodev", "noexec")));
	}

	@Test
	void specWithoutAnnotationsLeavesTheFieldOut() {
		assertThat(build(SpecOpts.defaults()).annotations()).isNull();
		assertThat(build(SpecOpts.annotation("a", "b")).annotations()).containsExactly(Map.entry("a", "b"));
	}

	@Test
	void userMountsReplaceBulkheadsOwnAtTheSameTargetAndComeParentsFirst() {
		Spec spec = build(SpecOpts.defaults(), SpecOpts.readonlyRootfs(1024),
				SpecOpts.userMounts(List.of(SpecOpts.bindMount("/v/sub", "/data/sub", false),
						SpecOpts.tmpfsMount("/tmp", 4096, "1777", false),
						SpecOpts.bindMount("/v/top", "/data", true))));

		assertThat(spec.mounts().stream().filter((m) -> m.destination().equals("/tmp"))).singleElement()
			.satisfies((m) -> assertThat(m.options()).contains("size=4096"));
		List<String> destinations = spec.mounts().stream().map(Spec.Mount::destination).toList();
		assertThat(destinations.indexOf("/data")).isLessThan(destinations.indexOf("/data/sub"));
		assertThat(spec.mounts().stream().filter((m) -> m.destination().equals("/data"))).singleElement()
			.satisfies((m) -> assertThat(m.options()).containsExactly("rbind", "rprivate", "nosuid", "nodev", "ro"));
	}

	private static Spec.Mount mount(Spec spec, String destination) {
		return spec.mounts()
			.stream()
			.filter((m) -> m.destination().equals(destination))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no mount at " + destination + " in " + spec.mounts()));
	}

}
