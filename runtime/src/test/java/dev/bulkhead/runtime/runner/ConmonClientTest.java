package dev.bulkhead.runtime.runner;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ConmonClientTest {

	private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

	private final JsonMapper json = JsonMapper.builder().build();

	private final RecordingCommandRunner commands = new RecordingCommandRunner();

	private final RuncClient runc = new RuncClient(Path.of("/usr/sbin/runc"), Path.of("/run/bulkhead/runc"),
			this.commands, this.json);

	private final ConmonClient conmon = new ConmonClient(Path.of("/usr/bin/conmon"), this.runc, this.json);

	private final Path dir = Path.of("/var/lib/bulkhead/containers", ID);

	private final ConmonClient.Launch launch = new ConmonClient.Launch(ID, "web", this.dir.resolve("bundle"),
			this.dir.resolve("pid"), this.dir.resolve("container.log"), Path.of("/run/bulkhead/exits"),
			this.dir.resolve("monitor"), this.dir.resolve("conmon.pid"), Path.of("/run/bulkhead/sockets"));

	@Test
	void passesRuncsGlobalArgumentsAsRuntimeArgPairs() {
		List<String> args = this.conmon.arguments(this.launch);

		assertThat(args).containsSubsequence("--runtime-arg", "--root", "--runtime-arg", "/run/bulkhead/runc",
				"--runtime-arg", "--log-format", "--runtime-arg", "json");
		assertThat(args.stream().filter("--runtime-arg"::equals).count()).isEqualTo(this.runc.globalArgs().size());
	}

	@Test
	void namesTheContainerAndItsShortUuid() {
		List<String> args = this.conmon.arguments(this.launch);

		assertThat(args.get(0)).isEqualTo("/usr/bin/conmon");
		assertThat(valueOf(args, "-c")).isEqualTo(ID);
		assertThat(valueOf(args, "-u")).isEqualTo("0123456789ab").hasSize(12);
		assertThat(valueOf(args, "-n")).isEqualTo("web");
		assertThat(valueOf(args, "-r")).isEqualTo("/usr/sbin/runc");
		assertThat(valueOf(args, "-b")).isEqualTo(this.dir.resolve("bundle").toString());
	}

	@Test
	void writesAK8sFileLogAndKeepsExitAndPersistDirectories() {
		List<String> args = this.conmon.arguments(this.launch);

		assertThat(valueOf(args, "-l")).isEqualTo("k8s-file:" + this.dir.resolve("container.log"));
		assertThat(valueOf(args, "--exit-dir")).isEqualTo("/run/bulkhead/exits");
		assertThat(valueOf(args, "--persist-dir")).isEqualTo(this.dir.resolve("monitor").toString());
		assertThat(valueOf(args, "--socket-dir-path")).isEqualTo("/run/bulkhead/sockets");
		assertThat(valueOf(args, "-p")).isEqualTo(this.dir.resolve("pid").toString());
		assertThat(valueOf(args, "--conmon-pidfile")).isEqualTo(this.dir.resolve("conmon.pid").toString());
		assertThat(valueOf(args, "--api-version")).isEqualTo("1");
	}

	@Test
	void buildingArgumentsRunsNothing() {
		this.conmon.arguments(this.launch);

		assertThat(this.commands.commands).isEmpty();
	}

	private static String valueOf(List<String> args, String flag) {
		int index = args.indexOf(flag);
		assertThat(index).as("flag %s in %s", flag, args).isNotNegative();
		return args.get(index + 1);
	}

}
