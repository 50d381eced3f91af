package dev.bulkhead.runtime.networks;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bulkhead.runtime.runner.CommandRunner;

/**
 * The iptables rules Bulkhead adds beside the CNI plugins' own, per network: isolation
 * (traffic from this network's bridge to any other Bulkhead bridge is dropped, as
 * Docker's isolation chains do; the CNI firewall plugin alone would forward it) and
 * acceptance of DNS queries from the network to its gateway, where the embedded DNS
 * server listens, for hosts whose INPUT policy drops. The shared chain {@value #CHAIN}
 * and its jump from FORWARD stay, like the CNI plugins' shared chains; every rule naming
 * a bridge goes with its network.
 */
final class HostFirewall {

	private static final Logger log = LoggerFactory.getLogger(HostFirewall.class);

	static final String CHAIN = "BULKHEAD-ISOLATION";

	static final String ADMIN_CHAIN = "CNI-ADMIN";

	private final CommandRunner commands;

	HostFirewall(CommandRunner commands) {
		this.commands = commands;
	}

	/** Adds the network's rules unless they are there already. */
	void protect(Network network) {
		ensureIsolationChain();
		String bridge = network.bridge();
		List<String> drop = List.of(CHAIN, "-i", bridge, "-o", BridgeNames.PREFIX + "+", "-j", "DROP");
		List<String> own = List.of(CHAIN, "-i", bridge, "-o", bridge, "-j", "RETURN");
		// Inserted at the top in this order, so the network's own traffic returns before
		// the drop.
		insertUnlessPresent(drop);
		insertUnlessPresent(own);
		for (String protocol : List.of("udp", "tcp")) {
			insertUnlessPresent(dnsRule(network, protocol));
		}
	}

	/** Removes every rule {@link #protect} added for the network. */
	void forget(Network network) {
		String bridge = network.bridge();
		deleteAll(List.of(CHAIN, "-i", bridge, "-o", bridge, "-j", "RETURN"));
		deleteAll(List.of(CHAIN, "-i", bridge, "-o", BridgeNames.PREFIX + "+", "-j", "DROP"));
		for (String protocol : List.of("udp", "tcp")) {
			deleteAll(dnsRule(network, protocol));
		}
	}

	private static List<String> dnsRule(Network network, String protocol) {
		return List.of("INPUT", "-i", network.bridge(), "-d", network.gateway() + "/32", "-p", protocol, "-m", protocol,
				"--dport", "53", "-j", "ACCEPT");
	}

	/**
	 * The isolation chain hangs off {@value #ADMIN_CHAIN}, which the CNI firewall plugin
	 * consults before its own per-container accepts: a jump from FORWARD itself could end
	 * up behind the plugin's jump, which the plugin keeps first.
	 */
	private void ensureIsolationChain() {
		for (String chain : List.of(ADMIN_CHAIN, CHAIN)) {
			CommandRunner.Result created = iptables(List.of("-N", chain));
			if (created.exitCode() != 0 && !created.stderr().contains("exists")) {
				log.warn("Cannot create the iptables chain {}: {}", chain, created.stderr().strip());
			}
		}
		insertUnlessPresent(List.of(ADMIN_CHAIN, "-j", CHAIN));
	}

	private void insertUnlessPresent(List<String> rule) {
		if (iptables(with("-C", rule)).exitCode() == 0) {
			return;
		}
		CommandRunner.Result inserted = iptables(with("-I", rule));
		if (inserted.exitCode() != 0) {
			throw new dev.bulkhead.runtime.errors.FailedPreconditionException(
					"cannot add the iptables rule '" + String.join(" ", rule) + "': " + inserted.stderr().strip());
		}
	}

	private void deleteAll(List<String> rule) {
		for (int i = 0; i < 8 && iptables(with("-D", rule)).exitCode() == 0; i++) {
			// a rule added twice (two servers racing) is deleted twice
		}
	}

	private CommandRunner.Result iptables(List<String> args) {
		List<String> command = new ArrayList<>();
		command.add("iptables");
		command.add("-w");
		command.addAll(args);
		return this.commands.run(command);
	}

	private static List<String> with(String operation, List<String> rule) {
		List<String> args = new ArrayList<>();
		args.add(operation);
		args.addAll(rule);
		return args;
	}

}
