package dev.bulkhead.runtime.containers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.bulkhead.security.profiles.PolicyLevel;
import dev.bulkhead.security.profiles.Relaxations;
import dev.bulkhead.security.profiles.SecurityProfiles;

/**
 * What one request may do: the level it is judged at (the default one, or another when
 * the exception {@code level:<name>} is granted) and the relaxations granted on top. It
 * remembers which granted relaxations were needed, so that an admission can say which
 * exceptions it used.
 */
public final class PolicyGrants {

	private final PolicyLevel level;

	private final Set<String> granted;

	private final Set<String> used = new LinkedHashSet<>();

	private PolicyGrants(PolicyLevel level, Set<String> granted) {
		this.level = level;
		this.granted = granted;
	}

	/**
	 * The grants of a request that names {@code levelName} (null: the default) and holds
	 * these relaxations. A level other than the default that is not granted is added to
	 * {@code violations}, and the request is then judged at the default level.
	 */
	static PolicyGrants of(String levelName, Collection<String> granted, List<PolicyVerdict.Violation> violations) {
		Set<String> relaxations = new LinkedHashSet<>(granted);
		String asked = (levelName == null || levelName.isBlank()) ? PolicyCheck.DEFAULT_LEVEL
				: levelName.strip().toLowerCase(java.util.Locale.ROOT);
		PolicyLevel level;
		try {
			level = SecurityProfiles.level(asked);
		}
		catch (IllegalArgumentException ex) {
			violations.add(new PolicyVerdict.Violation("security.level", ex.getMessage(),
					"leave it out to run at restricted", null));
			return new PolicyGrants(SecurityProfiles.level(PolicyCheck.DEFAULT_LEVEL), relaxations);
		}
		PolicyGrants grants = new PolicyGrants(SecurityProfiles.level(PolicyCheck.DEFAULT_LEVEL), relaxations);
		if (level.name().equals(PolicyCheck.DEFAULT_LEVEL)) {
			return grants;
		}
		String relaxation = Relaxations.LEVEL + level.name();
		if (relaxations.contains(relaxation)) {
			PolicyGrants atLevel = new PolicyGrants(level, relaxations);
			atLevel.used.add(relaxation);
			return atLevel;
		}
		violations.add(new PolicyVerdict.Violation("security.level",
				"level '" + level.name() + "' is open only through an exception granted by an admin",
				"leave it out to run at " + PolicyCheck.DEFAULT_LEVEL + ", or ask an admin for the exception "
						+ relaxation,
				relaxation));
		return grants;
	}

	PolicyLevel level() {
		return this.level;
	}

	List<String> used() {
		return new ArrayList<>(this.used);
	}

	/**
	 * Tells whether the level or a granted relaxation allows {@code relaxation}, and
	 * remembers a granted one as used.
	 */
	boolean permits(String relaxation) {
		if (levelAllows(relaxation)) {
			return true;
		}
		if (relaxation.startsWith(Relaxations.CAP_ADD) && this.granted.contains(Relaxations.CAP_ADD + "ALL")) {
			this.used.add(Relaxations.CAP_ADD + "ALL");
			return true;
		}
		if (this.granted.contains(relaxation)) {
			this.used.add(relaxation);
			return true;
		}
		return false;
	}

	/**
	 * The granted {@code bind-mount:} relaxation that covers a host path, if any (and
	 * remembers it as used). For the bind-mount check of volumes.
	 */
	public Optional<String> permitsBindMount(String hostPath) {
		if (this.level.allowPrivileged()) {
			return Optional.of(Relaxations.LEVEL + this.level.name());
		}
		Optional<String> covering = this.granted.stream()
			.filter((r) -> Relaxations.coversBindMount(r, hostPath))
			.findFirst();
		covering.ifPresent(this.used::add);
		return covering;
	}

	/** Adds a violation unless the level or a granted relaxation permits it. */
	void require(List<PolicyVerdict.Violation> violations, String field, String relaxation, String message,
			String remedy) {
		if (!permits(relaxation)) {
			violations.add(new PolicyVerdict.Violation(field, message,
					remedy.replace("ask an admin for an exception", "ask an admin for the exception " + relaxation),
					relaxation));
		}
	}

	private boolean levelAllows(String relaxation) {
		PolicyLevel l = this.level;
		if (relaxation.startsWith(Relaxations.CAP_ADD)) {
			String capability = relaxation.substring(Relaxations.CAP_ADD.length());
			return capability.equals("ALL")
					? l.allowedCapabilities().containsAll(dev.bulkhead.security.profiles.Capabilities.all())
					: l.allowsCapability(capability);
		}
		return switch (relaxation) {
			case Relaxations.WRITABLE_ROOTFS -> l.allowWritableRootfs();
			case Relaxations.SECCOMP_UNCONFINED -> l.allowUnconfinedSeccomp();
			case Relaxations.RUN_AS_ROOT -> l.allowRoot();
			case Relaxations.PRIVILEGED -> l.allowPrivileged();
			case Relaxations.NEW_PRIVILEGES -> l.allowNewPrivileges();
			case Relaxations.HOST_NETWORK, Relaxations.HOST_PID, Relaxations.HOST_IPC -> l.allowHostNamespaces();
			case Relaxations.DEVICES -> l.allowDevices();
			default -> false;
		};
	}

	/** The grants a request was admitted under, for applying them when it starts. */
	static PolicyGrants admitted(ContainerConfig config) {
		return of(config.security().level(), PolicyCheck.granted(config), new ArrayList<>());
	}

}
