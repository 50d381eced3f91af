package dev.bulkhead.runtime.containers;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyCheckTest {

	private final PolicyCheck policy = new PolicyCheck();

	private static ContainerConfig request(String user, ContainerConfig.Security security) {
		return new ContainerConfig("web", "busybox", null, List.of("sh"), null, user, null, null, null, null, security,
				null, null);
	}

	@Test
	void defaultRequestIsAdmitted() {
		assertThatCode(() -> this.policy.check(request(null, null))).doesNotThrowAnyException();
	}

	@Test
	void restrictedAllowsNetBindServiceInAnySpelling() {
		ContainerConfig config = request("1000", new ContainerConfig.Security("restricted",
				List.of("net_bind_service", "CAP_NET_BIND_SERVICE"), true, "default"));

		assertThatCode(() -> this.policy.check(config)).doesNotThrowAnyException();
	}

	@Test
	void everyViolationIsReportedInOneMessage() {
		ContainerConfig config = request("root",
				new ContainerConfig.Security(null, List.of("SYS_ADMIN"), false, "unconfined"));

		assertThatThrownBy(() -> this.policy.check(config)).isInstanceOfSatisfying(ForbiddenException.class,
				(ex) -> assertThat(ex.getMessage().split("\n")).satisfiesExactly(
						(line) -> assertThat(line).startsWith("security.capAdd: capability SYS_ADMIN is not allowed"),
						(line) -> assertThat(line).startsWith("security.readOnlyRootfs:"),
						(line) -> assertThat(line).startsWith("security.seccompProfile:"),
						(line) -> assertThat(line).startsWith("user: running as root")));
	}

	@Test
	void numericRootUserIsRefused() {
		assertThatThrownBy(() -> this.policy.check(request("0:0", null))).isInstanceOf(ForbiddenException.class)
			.hasMessageContaining("user: running as root (uid 0) is not allowed at level restricted");
	}

	@Test
	void unknownCapabilityIsAnInvalidArgumentNotAPolicyViolation() {
		ContainerConfig config = request(null, new ContainerConfig.Security(null, List.of("MAKE_COFFEE"), null, null));

		assertThatThrownBy(() -> this.policy.check(config)).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("security.capAdd: 'MAKE_COFFEE' is not a Linux capability");
	}

	@Test
	void unknownSeccompProfileIsAnInvalidArgument() {
		ContainerConfig config = request(null, new ContainerConfig.Security(null, null, null, "relaxed"));

		assertThatThrownBy(() -> this.policy.check(config)).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("security.seccompProfile: 'relaxed' is unknown");
	}

	@Test
	void baselineLevelNeedsAnException() {
		ContainerConfig config = request(null, new ContainerConfig.Security("baseline", null, null, null));

		assertThatThrownBy(() -> this.policy.check(config)).isInstanceOf(ForbiddenException.class)
			.hasMessageContaining("security.level: level 'baseline' needs an exception granted by an admin");
	}

	@Test
	void otherLevelIsJudgedByTheRestrictedRules() {
		// asking for privileged does not relax anything else while exceptions do not
		// exist
		ContainerConfig config = request(null,
				new ContainerConfig.Security("privileged", List.of("SYS_ADMIN"), null, null));

		assertThatThrownBy(() -> this.policy.check(config)).isInstanceOfSatisfying(ForbiddenException.class,
				(ex) -> assertThat(ex.getMessage()).contains("security.level:")
					.contains("capability SYS_ADMIN is not allowed at level restricted"));
	}

	@Test
	void unknownLevelIsAnInvalidArgument() {
		ContainerConfig config = request(null, new ContainerConfig.Security("lax", null, null, null));

		assertThatThrownBy(() -> this.policy.check(config)).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("security.level:")
			.hasMessageContaining("lax");
	}

	@Test
	void normalizedCapabilitiesArePrefixedAndDistinct() {
		assertThat(PolicyCheck.normalizedCapabilities(List.of("chown", "CAP_CHOWN", "Net_Raw")))
			.containsExactly("CAP_CHOWN", "CAP_NET_RAW");
	}

	@Test
	void hostNetworkIsAViolationBelowThePrivilegedLevel() {
		List<String> violations = new java.util.ArrayList<>();
		PolicyCheck.checkNetworkMode(withNetwork("host"), "restricted", violations);
		assertThat(violations).singleElement()
			.asString()
			.startsWith("network: sharing the host's network namespace is not allowed at level restricted");
		violations.clear();
		PolicyCheck.checkNetworkMode(withNetwork("host"), "baseline", violations);
		assertThat(violations).hasSize(1);
		violations.clear();
		PolicyCheck.checkNetworkMode(withNetwork("host"), "privileged", violations);
		PolicyCheck.checkNetworkMode(withNetwork("none"), "restricted", violations);
		PolicyCheck.checkNetworkMode(withNetwork("container:web"), "restricted", violations);
		assertThat(violations).isEmpty();
		assertThatThrownBy(() -> this.policy.check(withNetwork("host"))).isInstanceOf(ForbiddenException.class)
			.hasMessageContaining("host's network namespace");
	}

	private static ContainerConfig withNetwork(String network) {
		return new ContainerConfig("web", "busybox", null, List.of("sh"), null, null, null, null, null, null, null,
				null, null, network, null);
	}

}
