package dev.bulkhead.security.profiles;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultSeccompProfileTest {

	private static final long CLONE_NAMESPACE_FLAGS = 0x00020000L // CLONE_NEWNS
			| 0x02000000L // CLONE_NEWCGROUP
			| 0x04000000L // CLONE_NEWUTS
			| 0x08000000L // CLONE_NEWIPC
			| 0x10000000L // CLONE_NEWUSER
			| 0x20000000L // CLONE_NEWPID
			| 0x40000000L; // CLONE_NEWNET

	private static final int EPERM = 1;

	private static final int ENOSYS = 38;

	private static final List<String> FORBIDDEN = List.of("mount", "umount", "umount2", "unshare", "setns",
			"pivot_root", "keyctl", "add_key", "request_key", "ptrace", "bpf", "perf_event_open", "kexec_load",
			"kexec_file_load", "init_module", "finit_module", "delete_module", "create_module", "reboot", "swapon",
			"swapoff", "acct", "settimeofday", "stime", "clock_settime", "clock_settime64", "clock_adjtime",
			"clock_adjtime64", "adjtimex", "open_by_handle_at", "name_to_handle_at", "userfaultfd", "quotactl",
			"quotactl_fd", "lookup_dcookie", "iopl", "ioperm", "syslog", "vhangup", "fsopen", "fsconfig", "fsmount",
			"fspick", "move_mount", "open_tree", "mount_setattr", "pidfd_getfd", "process_vm_readv",
			"process_vm_writev", "process_madvise", "kcmp", "nfsservctl", "uselib", "ustat", "sysfs", "_sysctl",
			"io_uring_setup", "io_uring_enter", "io_uring_register", "modify_ldt", "vm86", "vm86old", "sethostname",
			"setdomainname", "fanotify_init", "move_pages", "migrate_pages");

	private final SeccompProfile profile = SecurityProfiles.defaultSeccomp();

	@Test
	void roundTripsThroughTheRecordsWithoutChangingTheJson() throws Exception {
		JsonMapper mapper = JsonMapper.builder().build();
		JsonNode original;
		try (InputStream in = SecurityProfiles.class.getResourceAsStream("seccomp-default.json")) {
			original = mapper.readTree(in);
		}
		SeccompProfile parsed = mapper.treeToValue(original, SeccompProfile.class);
		JsonNode written = mapper.readTree(mapper.writeValueAsString(parsed));
		assertThat(written).isEqualTo(original);
		assertThat(parsed).isEqualTo(this.profile);
	}

	@Test
	void deniesUnlistedSyscallsWithEperm() {
		assertThat(this.profile.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
		assertThat(this.profile.defaultErrnoRet()).isEqualTo(EPERM);
	}

	@Test
	void coversX86AndArmIn32And64Bit() {
		assertThat(this.profile.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32",
				"SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
	}

	@Test
	void allowsTheSyscallsOrdinaryProgramsNeed() {
		assertThat(unconditionallyAllowed()).contains("read", "write", "openat", "close", "execve", "execveat", "mmap",
				"mprotect", "brk", "futex", "exit_group", "rt_sigaction", "rt_sigprocmask", "getrandom", "epoll_pwait",
				"accept4", "sendmmsg", "newfstatat", "statx", "clock_gettime", "clock_nanosleep", "wait4", "pipe2",
				"dup3", "fcntl", "prctl", "arch_prctl", "set_tid_address", "set_robust_list", "rseq", "prlimit64",
				"sched_getaffinity", "capget", "capset", "setgroups", "setresuid", "fchownat", "fchmodat",
				"close_range", "fstatfs");
		assertThat(allRules().filter((rule) -> rule.action().equals("SCMP_ACT_ALLOW"))
			.flatMap((rule) -> rule.names().stream())).contains("clone", "socket", "personality");
	}

	@Test
	void neverMentionsAForbiddenSyscallSoTheDefaultDeniesIt() {
		List<String> mentioned = allRules().flatMap((rule) -> rule.names().stream()).toList();
		assertThat(mentioned).doesNotContainAnyElementsOf(FORBIDDEN);
	}

	@Test
	void allowsCloneOnlyWithoutNamespaceFlags() {
		List<SyscallRule> cloneRules = rulesNaming("clone");
		assertThat(cloneRules).hasSize(1);
		SyscallRule clone = cloneRules.get(0);
		assertThat(clone.names()).containsExactly("clone");
		assertThat(clone.action()).isEqualTo("SCMP_ACT_ALLOW");
		assertThat(clone.args()).containsExactly(new SyscallArg(0, CLONE_NAMESPACE_FLAGS, 0, "SCMP_CMP_MASKED_EQ"));
	}

	@Test
	void answersClone3WithEnosysSoLibcFallsBackToClone() {
		assertThat(rulesNaming("clone3")).singleElement()
			.isEqualTo(new SyscallRule(List.of("clone3"), "SCMP_ACT_ERRNO", ENOSYS, null));
	}

	@Test
	void allowsPersonalityOnlyForTheSafeValues() {
		List<SyscallRule> rules = rulesNaming("personality");
		assertThat(rules).allSatisfy((rule) -> {
			assertThat(rule.action()).isEqualTo("SCMP_ACT_ALLOW");
			assertThat(rule.args()).singleElement().satisfies((arg) -> {
				assertThat(arg.index()).isZero();
				assertThat(arg.op()).isEqualTo("SCMP_CMP_EQ");
			});
		});
		assertThat(rules).extracting((rule) -> rule.args().get(0).value())
			.containsExactlyInAnyOrder(0x0L, 0x8L, 0x20000L, 0x20008L, 0xffffffffL);
	}

	@Test
	void allowsSocketForEveryFamilyButVsock() {
		assertThat(rulesNaming("socket")).singleElement()
			.extracting(SyscallRule::args)
			.isEqualTo(List.of(new SyscallArg(0, 40, 0, "SCMP_CMP_NE")));
	}

	@Test
	void namesEachSyscallInOnlyOneUnconditionalRuleAndNeverAlsoConditionally() {
		List<String> unconditional = unconditionalNames();
		assertThat(unconditional).doesNotHaveDuplicates();
		Set<String> conditional = new HashSet<>();
		allRules().filter((rule) -> !rule.unconditional()).forEach((rule) -> conditional.addAll(rule.names()));
		assertThat(unconditional).doesNotContainAnyElementsOf(conditional);
	}

	@Test
	void repeatsAConditionalRuleOnlyWithDifferentArguments() {
		List<SyscallRule> conditional = allRules().filter((rule) -> !rule.unconditional()).toList();
		assertThat(conditional).doesNotHaveDuplicates();
	}

	@Test
	void spellsEverySyscallAsALowercaseIdentifier() {
		assertThat(allRules().flatMap((rule) -> rule.names().stream()))
			.allMatch((name) -> name.matches("[a-z_][a-z0-9_]*"), "lowercase identifier")
			.hasSizeGreaterThan(300);
	}

	@Test
	void usesOnlyActionsAndOperatorsTheOciSpecDefines() {
		assertThat(allRules()).extracting(SyscallRule::action)
			.allMatch(Set.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO")::contains);
		assertThat(allRules().filter((rule) -> !rule.unconditional()).flatMap((rule) -> rule.args().stream()))
			.extracting(SyscallArg::op)
			.allMatch(Set.of("SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_MASKED_EQ")::contains);
	}

	private Stream<SyscallRule> allRules() {
		return this.profile.syscalls().stream();
	}

	private List<SyscallRule> rulesNaming(String name) {
		return allRules().filter((rule) -> rule.names().contains(name)).toList();
	}

	private List<String> unconditionalNames() {
		List<String> names = new ArrayList<>();
		allRules().filter(SyscallRule::unconditional).forEach((rule) -> names.addAll(rule.names()));
		return names;
	}

	private List<String> unconditionallyAllowed() {
		return allRules().filter(SyscallRule::unconditional)
			.filter((rule) -> rule.action().equals("SCMP_ACT_ALLOW"))
			.flatMap((rule) -> rule.names().stream())
			.toList();
	}

}
