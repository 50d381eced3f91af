package dev.bulkhead.runtime.containers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.security.profiles.Capabilities;
import dev.bulkhead.security.profiles.Relaxations;
import dev.bulkhead.security.profiles.SecurityProfiles;

/**
 * Admission of a container request against its policy level and the relaxations granted
 * to it, before anything is created. Every violation is collected and reported at once,
 * each naming its field, what to do, and the exception that would allow it. Only the
 * default level is open to everyone; {@code baseline} and {@code privileged} need the
 * exception {@code level:<name>}.
 */
public final class PolicyCheck {

	static final String DEFAULT_LEVEL = SecurityProfiles.DEFAULT_LEVEL;

	/** The network mode that shares the host's network namespace. */
	static final String HOST_NETWORK = "host";

	/**
	 * Judges a request as if these relaxations were granted to it.
	 * @param config the request
	 * @param granted canonical relaxation names (see
	 * {@link dev.bulkhead.security.profiles.Relaxations})
	 * @return every violation, and the relaxations the request needed
	 */
	public PolicyVerdict evaluate(ContainerConfig config, Collection<String> granted) {
		return evaluate(config, granted, null);
	}

	/**
	 * As {@link #evaluate(ContainerConfig, Collection)}, and also judges bind mounts.
	 * @param bindPrefixes host directories open to bind mounts for everyone (real,
	 * absolute paths); null leaves bind mounts out of the verdict
	 */
	public PolicyVerdict evaluate(ContainerConfig config, Collection<String> granted, List<Path> bindPrefixes) {
		ContainerConfig.Security s = config.security();
		List<PolicyVerdict.Violation> violations = new ArrayList<>();
		PolicyGrants grants = PolicyGrants.of(s.level(), granted, violations);
		String at = " at level " + grants.level().name();
		boolean privileged = s.asksForPrivileged();
		if (privileged) {
			grants.require(violations, "security.privileged", "privileged",
					"privileged mode gives the container every "
							+ "capability, no seccomp filter, a writable root and every host device" + at,
					"ask only for the capability or setting the program needs");
		}
		checkCapabilities(s, grants, violations, at, privileged);
		if (Boolean.FALSE.equals(s.readOnlyRootfs()) && !privileged) {
			grants.require(violations, "security.readOnlyRootfs", "writable-rootfs",
					"a writable root filesystem is not allowed" + at,
					"write to /tmp or /run (writable tmpfs) or to a volume, or ask an admin for an exception");
		}
		checkSeccomp(s, grants, violations, at, privileged);
		if (UserResolver.namesRoot(config.user())) {
			grants.require(violations, "user", "run-as-root", "running as root (uid 0) is not allowed" + at,
					"use a non-root uid such as 1000, or ask an admin for an exception");
		}
		if (HOST_NETWORK.equals(config.network())) {
			grants.require(violations, "network", "host-network",
					"sharing the host's network namespace is not allowed" + at,
					"use a bridge network and publish ports, or ask an admin for an exception");
		}
		checkNamespace(grants, violations, at, "security.pidMode", s.pidMode(), "host-pid", "process", Set.of());
		checkNamespace(grants, violations, at, "security.ipcMode", s.ipcMode(), "host-ipc", "IPC",
				Set.of("private", "shareable"));
		if (s.usernsMode() != null && !s.usernsMode().isBlank() && !s.usernsMode().equals("host")) {
			violations.add(invalid("security.usernsMode", "'" + s.usernsMode() + "' is not supported",
					"leave it out or use 'host': Bulkhead does not remap user ids, so containers use the host's"));
		}
		for (int i = 0; i < s.devices().size(); i++) {
			String field = "security.devices[" + i + "]";
			try {
				DeviceRequest.parse(s.devices().get(i));
			}
			catch (IllegalArgumentException ex) {
				violations.add(invalid(field, ex.getMessage(), "write /dev/<host device>[:/dev/<path inside>[:rwm]]"));
				continue;
			}
			if (!privileged) {
				grants.require(violations, field, "devices",
						"giving the container host device " + s.devices().get(i) + " is not allowed" + at,
						"leave devices out, or ask an admin for an exception");
			}
		}
		if (bindPrefixes != null) {
			List<String> open = bindPrefixes.stream().map(Path::toString).toList();
			for (int i = 0; i < config.mounts().size(); i++) {
				MountSpec mount = config.mounts().get(i);
				if (mount != null && MountSpec.BIND.equals(mount.type()) && mount.source() != null
						&& Path.of(mount.source()).isAbsolute()) {
					checkBindMount(grants, violations, "mounts[" + i + "].source",
							Path.of(mount.source()).normalize().toString(), open);
				}
			}
		}
		return new PolicyVerdict(violations.isEmpty(), grants.level().name(), violations, grants.used());
	}

	/**
	 * Admits a request under the exceptions recorded in it, or throws: a
	 * {@link InvalidArgumentException} when a value is not valid at all, else a
	 * {@link ForbiddenException}, each listing every problem, one per line.
	 */
	void check(ContainerConfig config) {
		PolicyVerdict verdict = evaluate(config, granted(config));
		if (verdict.hasInvalidValues()) {
			throw new InvalidArgumentException(verdict.violations()
				.stream()
				.filter((v) -> v.relaxation() == null)
				.map(PolicyVerdict.Violation::line)
				.collect(Collectors.joining("\n")));
		}
		if (!verdict.allowed()) {
			throw new ForbiddenException(
					verdict.violations().stream().map(PolicyVerdict.Violation::line).collect(Collectors.joining("\n")));
		}
	}

	/** The relaxations a container was admitted under. */
	static Set<String> granted(ContainerConfig config) {
		return config.security()
			.exceptions()
			.stream()
			.map(AppliedException::relaxation)
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	static List<String> normalizedCapabilities(List<String> capAdd) {
		if (capAdd.stream().anyMatch((c) -> c.strip().equalsIgnoreCase("ALL"))) {
			return Capabilities.all();
		}
		return capAdd.stream().map(Capabilities::normalize).distinct().toList();
	}

	private static void checkCapabilities(ContainerConfig.Security s, PolicyGrants grants,
			List<PolicyVerdict.Violation> violations, String at, boolean privileged) {
		for (int i = 0; i < s.capAdd().size(); i++) {
			String capability = s.capAdd().get(i);
			String field = "security.capAdd[" + i + "]";
			boolean all = capability != null && capability.strip().equalsIgnoreCase("ALL");
			if (!all && !Capabilities.isKnown(capability)) {
				violations.add(invalid(field, "'" + capability + "' is not a Linux capability",
						"use a name such as NET_BIND_SERVICE (the CAP_ prefix is optional)"));
				continue;
			}
			if (privileged) {
				continue;
			}
			String name = all ? "ALL" : Capabilities.normalize(capability).substring("CAP_".length());
			grants.require(violations, field, "cap-add:" + name,
					(all ? "every capability" : "capability " + name) + " is not allowed" + at,
					"drop it (only NET_BIND_SERVICE is open to everyone), or ask an admin for an exception");
		}
	}

	private static void checkSeccomp(ContainerConfig.Security s, PolicyGrants grants,
			List<PolicyVerdict.Violation> violations, String at, boolean privileged) {
		String profile = s.seccompProfile();
		boolean unconfined = false;
		if (profile != null && !profile.equals("default")) {
			if (profile.equals("unconfined")) {
				unconfined = true;
			}
			else {
				violations.add(invalid("security.seccompProfile", "'" + profile + "' is unknown",
						"use 'default' or 'unconfined'"));
			}
		}
		String unconfinedField = "security.seccompProfile";
		for (int i = 0; i < s.securityOpt().size(); i++) {
			String field = "security.securityOpt[" + i + "]";
			String option = s.securityOpt().get(i).strip().toLowerCase(Locale.ROOT).replace('=', ':');
			switch (option) {
				case "no-new-privileges", "no-new-privileges:true", "seccomp:default" -> {
				}
				case "no-new-privileges:false" -> {
					if (!privileged) {
						grants.require(violations, field, "new-privileges",
								"letting processes gain privileges (setuid programs, file capabilities) is "
										+ "not allowed" + at,
								"leave no-new-privileges on, or ask an admin for an exception");
					}
				}
				case "seccomp:unconfined" -> {
					unconfined = true;
					unconfinedField = field;
				}
				default -> violations.add(invalid(field, "'" + s.securityOpt().get(i) + "' is not supported",
						"use no-new-privileges[:true|false] or seccomp=unconfined"));
			}
		}
		if (unconfined && !privileged) {
			grants.require(violations, unconfinedField, "seccomp-unconfined",
					"running without a seccomp filter is not allowed" + at,
					"keep Bulkhead's default profile, or ask an admin for an exception");
		}
	}

	private static void checkNamespace(PolicyGrants grants, List<PolicyVerdict.Violation> violations, String at,
			String field, String mode, String relaxation, String what, Set<String> privateNames) {
		if (mode == null || mode.isBlank() || privateNames.contains(mode)) {
			return;
		}
		if (!mode.equals("host")) {
			violations.add(invalid(field, "'" + mode + "' is not supported",
					"leave it out for a private namespace, or use 'host'"));
			return;
		}
		grants.require(violations, field, relaxation, "sharing the host's " + what + " namespace is not allowed" + at,
				"leave it out for a private namespace, or ask an admin for an exception");
	}

	/**
	 * The bind-mount check, for the volumes code to call from {@link #evaluate} for each
	 * bind mount: a host path under one of the admin-configured prefixes is open to
	 * everyone; any other needs a granted {@code bind-mount:<prefix>} that covers it.
	 * @param field the request field, e.g. {@code mounts[0].source}
	 * @param hostPath an absolute, normalized host path
	 * @param allowedPrefixes the prefixes open to everyone
	 */
	static void checkBindMount(PolicyGrants grants, List<PolicyVerdict.Violation> violations, String field,
			String hostPath, List<String> allowedPrefixes) {
		boolean open = allowedPrefixes.stream()
			.anyMatch((prefix) -> Relaxations.coversBindMount(Relaxations.canonical(Relaxations.BIND_MOUNT + prefix),
					hostPath));
		if (open || grants.permitsBindMount(hostPath).isPresent()) {
			return;
		}
		String relaxation = Relaxations.BIND_MOUNT + hostPath;
		violations.add(new PolicyVerdict.Violation(field,
				"host path " + hostPath + " is outside the directories open to bind mounts ("
						+ (allowedPrefixes.isEmpty() ? "none" : String.join(", ", allowedPrefixes)) + ")",
				"use a volume, or ask an admin for the exception " + relaxation, relaxation));
	}

	private static PolicyVerdict.Violation invalid(String field, String message, String remedy) {
		return new PolicyVerdict.Violation(field, message, remedy, null);
	}

}
