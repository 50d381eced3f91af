package dev.bulkhead.security.profiles;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One entry of the OCI {@code linux.seccomp.syscalls} array: an action for a group of
 * syscalls, optionally only when all of {@code args} match.
 *
 * @param names syscall names as libseccomp spells them; names a kernel or libseccomp does
 * not know are skipped by the runtime
 * @param action action when the rule matches, e.g. {@code SCMP_ACT_ALLOW}
 * @param errnoRet errno for an errno action, or {@code null} for the runtime's default
 * @param args argument conditions that must all hold, or {@code null} for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "names", "action", "errnoRet", "args" })
public record SyscallRule(List<String> names, String action, Integer errnoRet, List<SyscallArg> args) {

	public SyscallRule {
		if (names == null || names.isEmpty()) {
			throw new IllegalArgumentException("seccomp rule with action " + action + " names no syscalls");
		}
		if (action == null) {
			throw new IllegalArgumentException("seccomp rule for " + names + " needs an action");
		}
		names = List.copyOf(names);
		args = SeccompProfile.copyOrNull(args);
	}

	/**
	 * Tells whether the rule applies whatever the arguments are.
	 * @return {@code true} if the rule has no argument conditions
	 */
	public boolean unconditional() {
		return this.args == null || this.args.isEmpty();
	}

}
