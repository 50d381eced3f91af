package dev.bulkhead.runtime.networks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.runner.CommandRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CniNetworkDriverTest {

	private static final String ROUTE_HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

	@TempDir
	Path dir;

	private final List<List<String>> commands = new ArrayList<>();

	/** The rules a fake iptables holds, as "CHAIN args...". */
	private final List<String> rules = new ArrayList<>();

	/**
	 * A fake of iptables' rule bookkeeping: -C, -I, -D and -N as iptables answers them.
	 */
	private CommandRunner.Result iptables(List<String> command) {
		String operation = command.get(2);
		String rule = String.join(" ", command.subList(3, command.size()));
		return switch (operation) {
			case "-C" -> new CommandRunner.Result(this.rules.contains(rule) ? 0 : 1, "", "");
			case "-I" -> {
				this.rules.add(0, rule);
				yield new CommandRunner.Result(0, "", "");
			}
			case "-D" -> new CommandRunner.Result(this.rules.remove(rule) ? 0 : 1, "", "");
			default -> new CommandRunner.Result(0, "", "");
		};
	}

	private Path routeTable;

	private CniNetworkDriver driver;

	@BeforeEach
	void driver() throws IOException {
		this.routeTable = this.dir.resolve("route");
		// default via 192.168.1.1 on eth0, and 192.168.1.0/24 on eth0
		Files.writeString(this.routeTable, ROUTE_HEADER + "eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
				+ "eth0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n");
		CommandRunner recorder = new CommandRunner() {
			@Override
			public Result run(List<String> command) {
				CniNetworkDriverTest.this.commands.add(command);
				return command.get(0).equals("iptables") ? iptables(command) : new Result(0, "", "");
			}
		};
		this.driver = new CniNetworkDriver(this.dir.resolve("data"), this.dir.resolve("run"), "10.213.0.0/16",
				new CniPlugins(this.dir.resolve("cni"), JsonMapper.builder().build()), recorder,
				JsonMapper.builder().findAndAddModules().build(), this.routeTable);
	}

	@Test
	void defaultNetworkIsCreatedOnFirstUseWithTheConfiguredSubnet() {
		Network network = this.driver.get(NetworkDriver.DEFAULT_NETWORK);
		assertThat(network.subnet()).isEqualTo("10.213.0.0/16");
		assertThat(network.gateway()).isEqualTo("10.213.0.1");
		assertThat(network.bridge()).startsWith("bh-");
		assertThat(this.dir.resolve("data/networks/bulkhead.json")).exists();
		assertThat(this.dir.resolve("data/networks/bulkhead.conflist")).content()
			.contains("\"dataDir\" : \"" + this.dir.resolve("run/cni/ipam") + "\"");
		assertThat(this.driver.list()).containsExactly(network);
	}

	@Test
	void defaultNetworkMovesToTheNextFreeBlockWhenTheHostRoutesTheConfiguredOne() throws IOException {
		Files.writeString(this.routeTable,
				ROUTE_HEADER + "bh-other\t0000D50A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n",
				java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
		assertThat(this.driver.get(NetworkDriver.DEFAULT_NETWORK).subnet()).isEqualTo("10.214.0.0/16");
	}

	@Test
	void subnetOverlappingAHostRouteOrAnotherNetworkIsRefused() {
		assertThatExceptionOfType(ConflictException.class)
			.isThrownBy(() -> this.driver.create(new NetworkSpec("lan", "192.168.1.128/25", null, null, false)))
			.withMessageContaining("overlaps the host's route to 192.168.1.0/24 on eth0");
		this.driver.create(new NetworkSpec("a", "10.220.0.0/24", null, null, false));
		assertThatExceptionOfType(ConflictException.class)
			.isThrownBy(() -> this.driver.create(new NetworkSpec("b", "10.220.0.0/16", null, null, false)))
			.withMessageContaining("overlaps network 'a'");
	}

	@Test
	void badRequestsAreRefused() {
		assertThatExceptionOfType(InvalidArgumentException.class)
			.isThrownBy(() -> this.driver.create(new NetworkSpec("none", "10.220.0.0/24", null, null, false)));
		assertThatExceptionOfType(InvalidArgumentException.class)
			.isThrownBy(() -> this.driver.create(new NetworkSpec("x", null, null, null, false)))
			.withMessageContaining("'subnet' is required");
		assertThatExceptionOfType(InvalidArgumentException.class)
			.isThrownBy(() -> this.driver.create(new NetworkSpec("x", "10.220.0.0/24", "10.9.9.9", null, false)))
			.withMessageContaining("not in subnet");
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.driver.get("missing"));
	}

	@Test
	void removeDeletesTheBridgeTheLeasesAndTheFiles() throws IOException {
		Network network = this.driver.create(new NetworkSpec("a", "10.220.0.0/24", null, 1400, true));
		Files.createDirectories(this.dir.resolve("run/cni/ipam/a"));
		Files.writeString(this.dir.resolve("run/cni/ipam/a/last_reserved_ip.0"), "10.220.0.2");
		assertThat(this.rules).as("isolation and DNS rules")
			.containsExactly("INPUT -i " + network.bridge() + " -d 10.220.0.1/32 -p tcp -m tcp --dport 53 -j ACCEPT",
					"INPUT -i " + network.bridge() + " -d 10.220.0.1/32 -p udp -m udp --dport 53 -j ACCEPT",
					"BULKHEAD-ISOLATION -i " + network.bridge() + " -o " + network.bridge() + " -j RETURN",
					"BULKHEAD-ISOLATION -i " + network.bridge() + " -o bh-+ -j DROP",
					"CNI-ADMIN -j BULKHEAD-ISOLATION");
		this.driver.remove("a");
		assertThat(this.commands).contains(List.of("ip", "link", "delete", network.bridge()));
		assertThat(this.rules).as("only the shared jump stays").containsExactly("CNI-ADMIN -j BULKHEAD-ISOLATION");
		assertThat(this.dir.resolve("run/cni/ipam/a")).doesNotExist();
		assertThat(this.dir.resolve("data/networks/a.json")).doesNotExist();
		assertThat(this.dir.resolve("data/networks/a.conflist")).doesNotExist();
	}

	@Test
	void routeTableIsDecoded() {
		assertThat(HostRoutes.parse(ROUTE_HEADER + "eth0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"))
			.containsExactly(new HostRoutes.Route("eth0", Subnets.parse("192.168.1.0/24")));
	}

}
