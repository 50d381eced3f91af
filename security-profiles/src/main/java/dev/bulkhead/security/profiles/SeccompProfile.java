package dev.bulkhead.security.profiles;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A seccomp filter in the shape of the OCI runtime spec's {@code linux.seccomp} object,
 * so that it can be embedded unchanged in a bundle's {@code config.json}. Absent optional
 * fields stay {@code null} and are left out when written.
 *
 * @param defaultAction action for every syscall no rule matches, e.g.
 * {@code SCMP_ACT_ERRNO}
 * @param defaultErrnoRet errno returned by {@code defaultAction} when it is an errno
 * action, or {@code null} for the runtime's default
 * @param architectures libseccomp architecture names the filter applies to
 * @param flags {@code seccomp(2)} filter flags such as {@code SECCOMP_FILTER_FLAG_LOG},
 * or {@code null}
 * @param syscalls rules, evaluated by the runtime in addition to the default action
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "defaultAction", "defaultErrnoRet", "architectures", "flags", "syscalls" })
public record SeccompProfile(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
		List<String> flags, List<SyscallRule> syscalls) {

	public SeccompProfile {
		Objects.requireNonNull(defaultAction, "seccomp profile needs a defaultAction");
		architectures = copyOrNull(architectures);
		flags = copyOrNull(flags);
		syscalls = copyOrNull(syscalls);
	}

	static <T> List<T> copyOrNull(List<T> list) {
		return (list != null) ? List.copyOf(list) : null;
	}

}
