package dev.bulkhead.runtime.containers;

import java.util.ArrayList;
import java.util.List;

import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.security.profiles.Capabilities;
import dev.bulkhead.security.profiles.PolicyLevel;
import dev.bulkhead.security.profiles.SecurityProfiles;

/**
 * Admission of a container request against its policy level, before anything is created.
 * Every violation is collected and reported at once, each saying which field and what to
 * do. Until admins can grant exceptions, only the default level is open to everyone.
 */
final class PolicyCheck {

	static final String DEFAULT_LEVEL = SecurityProfiles.DEFAULT_LEVEL;

	static final String PRIVILEGED_LEVEL = "privileged";

	void check(ContainerConfig config) {
		ContainerConfig.Security security = config.security();
		List<String> violations = new ArrayList<>();
		String levelName = (security.level() != null) ? security.level() : DEFAULT_LEVEL;
		PolicyLevel level;
		try {
			level = SecurityProfiles.level(levelName);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidArgumentException("security.level: " + ex.getMessage());
		}
		if (!levelName.equals(DEFAULT_LEVEL)) {
			violations.add("security.level: level '" + levelName + "' needs an exception granted by an admin; use '"
					+ DEFAULT_LEVEL + "'");
			level = SecurityProfiles.level(DEFAULT_LEVEL);
		}
		for (String capability : security.capAdd()) {
			if (!Capabilities.isKnown(capability)) {
				throw new InvalidArgumentException("security.capAdd: '" + capability
						+ "' is not a Linux capability; use a name such as NET_BIND_SERVICE");
			}
			if (!level.allowsCapability(capability)) {
				violations.add("security.capAdd: capability " + Capabilities.normalize(capability).substring(4)
						+ " is not allowed at level " + level.name() + "; ask an admin for an exception");
			}
		}
		if (Boolean.FALSE.equals(security.readOnlyRootfs()) && !level.allowWritableRootfs()) {
			violations.add("security.readOnlyRootfs: a writable root filesystem is not allowed at level " + level.name()
					+ "; write to /tmp or a volume, or ask an admin for an exception");
		}
		String seccomp = security.seccompProfile();
		if (seccomp != null && !seccomp.equals("default")) {
			if (!seccomp.equals("unconfined")) {
				throw new InvalidArgumentException(
						"security.seccompProfile: '" + seccomp + "' is unknown; use 'default' or 'unconfined'");
			}
			if (!level.allowUnconfinedSeccomp()) {
				violations.add("security.seccompProfile: running without seccomp is not allowed at level "
						+ level.name() + "; ask an admin for an exception");
			}
		}
		checkNetworkMode(config, levelName, violations);
		if (UserResolver.namesRoot(config.user()) && !level.allowRoot()) {
			violations.add("user: running as root (uid 0) is not allowed at level " + level.name()
					+ "; use a non-root uid, or ask an admin for an exception");
		}
		if (!violations.isEmpty()) {
			throw new ForbiddenException(String.join("\n", violations));
		}
	}

	/**
	 * The host's network namespace gives a container every interface and port of the
	 * host: a relaxation only the {@code privileged} level may ask for.
	 */
	static void checkNetworkMode(ContainerConfig config, String requestedLevel, List<String> violations) {
		if (NetworkDriver.HOST.equals(config.network()) && !PRIVILEGED_LEVEL.equals(requestedLevel)) {
			violations.add("network: sharing the host's network namespace is not allowed at level " + requestedLevel
					+ "; use a bridge network with published ports, or ask an admin for an exception");
		}
	}

	static List<String> normalizedCapabilities(List<String> capAdd) {
		return capAdd.stream().map(Capabilities::normalize).distinct().toList();
	}

}
