package dev.bulkhead.runtime.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bulkhead.security.profiles.SeccompProfile;

/**
 * A runtime spec under construction. It starts empty; {@link SpecOpts#defaults()} and the
 * other options fill it in, and {@link #build()} freezes it into a {@link Spec}.
 */
public final class SpecBuilder {

	public static final String OCI_VERSION = "1.0.2";

	private final List<String> args = new ArrayList<>();

	private final Map<String, String> env = new LinkedHashMap<>();

	private final List<Spec.Mount> mounts = new ArrayList<>();

	private final List<Spec.Namespace> namespaces = new ArrayList<>();

	private final List<Spec.Rlimit> rlimits = new ArrayList<>();

	private final List<String> capabilities = new ArrayList<>();

	private final List<String> maskedPaths = new ArrayList<>();

	private final List<String> readonlyPaths = new ArrayList<>();

	private final List<Spec.DeviceRule> deviceRules = new ArrayList<>();

	private final List<Spec.Device> devices = new ArrayList<>();

	private final Map<String, String> annotations = new LinkedHashMap<>();

	private String cwd = "/";

	private long uid;

	private long gid;

	private final List<Long> additionalGids = new ArrayList<>();

	private boolean noNewPrivileges;

	private String rootPath = "rootfs";

	private boolean readonlyRoot;

	private String hostname;

	private SeccompProfile seccomp;

	private String cgroupsPath;

	private Spec.Memory memory;

	private Spec.Cpu cpu;

	private Long pidsLimit;

	public List<String> args() {
		return this.args;
	}

	/** Environment variables by name, in the order first set; a later value replaces. */
	public Map<String, String> env() {
		return this.env;
	}

	public List<Spec.Mount> mounts() {
		return this.mounts;
	}

	public List<Spec.Namespace> namespaces() {
		return this.namespaces;
	}

	public List<Spec.Rlimit> rlimits() {
		return this.rlimits;
	}

	/**
	 * The capabilities the process keeps, in every set (bounding, effective, permitted,
	 * and inheritable and ambient, so that a non-root process keeps them across exec).
	 */
	public List<String> capabilities() {
		return this.capabilities;
	}

	public List<String> maskedPaths() {
		return this.maskedPaths;
	}

	public List<String> readonlyPaths() {
		return this.readonlyPaths;
	}

	public List<Spec.DeviceRule> deviceRules() {
		return this.deviceRules;
	}

	/** Device nodes the runtime creates in the container. */
	public List<Spec.Device> devices() {
		return this.devices;
	}

	public SeccompProfile seccomp() {
		return this.seccomp;
	}

	public Map<String, String> annotations() {
		return this.annotations;
	}

	public SpecBuilder cwd(String cwd) {
		this.cwd = cwd;
		return this;
	}

	public SpecBuilder user(long uid, long gid) {
		this.uid = uid;
		this.gid = gid;
		return this;
	}

	public List<Long> additionalGids() {
		return this.additionalGids;
	}

	public long uid() {
		return this.uid;
	}

	public long gid() {
		return this.gid;
	}

	public SpecBuilder noNewPrivileges(boolean noNewPrivileges) {
		this.noNewPrivileges = noNewPrivileges;
		return this;
	}

	public SpecBuilder root(String path, boolean readonly) {
		this.rootPath = path;
		this.readonlyRoot = readonly;
		return this;
	}

	public SpecBuilder hostname(String hostname) {
		this.hostname = hostname;
		return this;
	}

	public SpecBuilder seccomp(SeccompProfile seccomp) {
		this.seccomp = seccomp;
		return this;
	}

	public SpecBuilder cgroupsPath(String cgroupsPath) {
		this.cgroupsPath = cgroupsPath;
		return this;
	}

	public Spec.Memory memory() {
		return this.memory;
	}

	public Spec.Cpu cpu() {
		return this.cpu;
	}

	public SpecBuilder memory(Spec.Memory memory) {
		this.memory = memory;
		return this;
	}

	public SpecBuilder cpu(Spec.Cpu cpu) {
		this.cpu = cpu;
		return this;
	}

	public SpecBuilder pidsLimit(Long pidsLimit) {
		this.pidsLimit = pidsLimit;
		return this;
	}

	/** Applies options in order. */
	public SpecBuilder with(List<SpecOpt> opts) {
		for (SpecOpt opt : opts) {
			opt.apply(this);
		}
		return this;
	}

	public Spec build() {
		List<String> caps = List.copyOf(this.capabilities);
		Spec.Process process = new Spec.Process(false,
				new Spec.User(this.uid, this.gid,
						this.additionalGids.isEmpty() ? null : List.copyOf(this.additionalGids)),
				List.copyOf(this.args),
				this.env.entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue()).toList(), this.cwd,
				new Spec.Capabilities(caps, caps, caps, caps, caps), List.copyOf(this.rlimits), this.noNewPrivileges,
				null);
		Spec.Resources resources = new Spec.Resources(List.copyOf(this.deviceRules), this.memory, this.cpu,
				(this.pidsLimit != null) ? new Spec.Pids(this.pidsLimit) : null);
		Spec.Linux linux = new Spec.Linux(List.copyOf(this.namespaces), resources, this.cgroupsPath, this.seccomp,
				List.copyOf(this.maskedPaths), List.copyOf(this.readonlyPaths), null,
				this.devices.isEmpty() ? null : List.copyOf(this.devices));
		return new Spec(OCI_VERSION, process, new Spec.Root(this.rootPath, this.readonlyRoot), this.hostname,
				List.copyOf(this.mounts), linux, this.annotations.isEmpty() ? null : Map.copyOf(this.annotations));
	}

}
