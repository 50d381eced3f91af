package dev.bulkhead.runtime.oci;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.bulkhead.security.profiles.SeccompProfile;

/**
 * The OCI runtime configuration ({@code config.json}) as far as Bulkhead writes it. JSON
 * names are the runtime spec's own; unknown fields are ignored on input.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Spec(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts, Linux linux,
		Map<String, String> annotations) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Process(Boolean terminal, User user, List<String> args, List<String> env, String cwd,
			Capabilities capabilities, List<Rlimit> rlimits, Boolean noNewPrivileges, Integer oomScoreAdj) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record User(long uid, long gid, List<Long> additionalGids) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Capabilities(List<String> bounding, List<String> effective, List<String> inheritable,
			List<String> permitted, List<String> ambient) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Rlimit(String type, long hard, long soft) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Root(String path, boolean readonly) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Mount(String destination, String type, String source, List<String> options) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Linux(List<Namespace> namespaces, Resources resources, String cgroupsPath, SeccompProfile seccomp,
			List<String> maskedPaths, List<String> readonlyPaths, Map<String, String> sysctl, List<Device> devices) {

		/** Without devices. */
		public Linux(List<Namespace> namespaces, Resources resources, String cgroupsPath, SeccompProfile seccomp,
				List<String> maskedPaths, List<String> readonlyPaths, Map<String, String> sysctl) {
			this(namespaces, resources, cgroupsPath, seccomp, maskedPaths, readonlyPaths, sysctl, null);
		}

	}

	/** A device node the runtime creates in the container ({@code linux.devices}). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Device(String path, String type, long major, long minor, Integer fileMode, Long uid, Long gid) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Namespace(String type, String path) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Memory(Long limit, Long reservation, Long swap) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Cpu(Long shares, Long quota, Long period, String cpus) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Pids(long limit) {
	}

}
