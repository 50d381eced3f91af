package dev.bulkhead.backend.dockerapi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.ContainerState;
import dev.bulkhead.runtime.containers.EffectiveSecurity;
import dev.bulkhead.runtime.containers.MountSpec;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.networks.PortMapping;
import dev.bulkhead.runtime.runner.CriLogReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Docker API's translation: Docker's create body into Bulkhead's request, Bulkhead's
 * records into Docker's inspect and list shapes, the multiplexed log stream and version
 * negotiation.
 */
class DockerTranslationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** What docker 28 sends for {@code docker run -d --name x -m 64m -p 8080:80 ...}. */
	private static final String DOCKER_RUN_BODY = """
			{"Hostname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,
			 "ExposedPorts":{"80/tcp":{}},"Tty":false,"OpenStdin":false,"Env":["A=1","B=two=2"],
			 "Cmd":["sh","-c","echo hi"],"Image":"busybox","WorkingDir":"","Entrypoint":null,
			 "Labels":{"app":"web"},
			 "HostConfig":{"Binds":["/srv/data:/data:ro","cache:/cache"],"NetworkMode":"default",
			  "PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]},
			  "RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3},"AutoRemove":false,
			  "CapAdd":["NET_BIND_SERVICE"],"CapDrop":null,"IpcMode":"private","Privileged":false,
			  "ReadonlyRootfs":false,"SecurityOpt":null,"Tmpfs":{"/scratch":"size=16m,mode=1777"},
			  "Memory":67108864,"NanoCpus":500000000,"CpuShares":512,"PidsLimit":64,"Init":true},
			 "Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":2000000000,"Retries":3},
			 "NetworkingConfig":{"EndpointsConfig":{}}}
			""";

	@Test
	void dockerRunBodyBecomesTheSameRequestTheNativeApiTakes() {
		ContainerConfig config = DockerContainerCreate.toConfig("x", JSON.readTree(DOCKER_RUN_BODY));
		assertThat(config.name()).isEqualTo("x");
		assertThat(config.image()).isEqualTo("busybox");
		assertThat(config.command()).containsExactly("sh", "-c", "echo hi");
		assertThat(config.entrypoint()).isNull();
		assertThat(config.env()).containsEntry("A", "1").containsEntry("B", "two=2");
		assertThat(config.labels()).containsEntry("app", "web");
		assertThat(config.resources().memoryBytes()).isEqualTo(64L << 20);
		assertThat(config.resources().cpus()).isEqualTo(0.5);
		assertThat(config.resources().cpuShares()).isEqualTo(512L);
		assertThat(config.resources().pids()).isEqualTo(64L);
		assertThat(config.ports()).containsExactly(new PortMapping("0.0.0.0", 8080, 80, "tcp"));
		assertThat(config.mounts()).contains(new MountSpec("bind", "/srv/data", "/data", true, null, null),
				new MountSpec("volume", "cache", "/cache", null, null, null),
				new MountSpec("tmpfs", null, "/scratch", null, 16L << 20, "1777"));
		assertThat(config.network()).as("docker's default network is Bulkhead's default").isNull();
		assertThat(config.lifecycle().restartPolicy()).isEqualTo(new ContainerConfig.RestartPolicy("on-failure", 3));
		assertThat(config.lifecycle().initEnabled()).isTrue();
		assertThat(config.lifecycle().healthcheck().intervalMillis()).isEqualTo(2000L);
		assertThat(config.security().capAdd()).containsExactly("NET_BIND_SERVICE");
	}

	@Test
	void dockersFalseBooleansKeepTheHardenedDefaultsWhileTrueOnesGoToAdmission() {
		ContainerConfig defaults = DockerContainerCreate.toConfig(null, JSON.readTree(DOCKER_RUN_BODY));
		assertThat(defaults.security().readOnlyRootfs()).as("false from docker means: not asked").isNull();
		assertThat(defaults.security().privileged()).isNull();
		assertThat(defaults.security().ipcMode()).isNull();
		ContainerConfig relaxed = DockerContainerCreate.toConfig(null, JSON.readTree("""
				{"Image":"busybox","User":"root","HostConfig":{"Privileged":true,"NetworkMode":"host",
				 "SecurityOpt":["seccomp=unconfined"],"PidMode":"host","CapAdd":["SYS_ADMIN"]}}"""));
		assertThat(relaxed.security().privileged()).isTrue();
		assertThat(relaxed.security().securityOpt()).containsExactly("seccomp=unconfined");
		assertThat(relaxed.security().pidMode()).isEqualTo("host");
		assertThat(relaxed.security().capAdd()).containsExactly("SYS_ADMIN");
		assertThat(relaxed.network()).isEqualTo("host");
		assertThat(relaxed.user()).isEqualTo("root");
	}

	@Test
	void interactiveRunsAndAutoRemoveAreRefusedSayingWhatToDoInstead() {
		assertThat(DockerContainerCreate
			.toConfig(null, JSON.readTree("{\"Image\":\"busybox\",\"AttachStdout\":true,\"AttachStderr\":true}"))
			.image()).as("docker run without -d attaches to the output, which is supported").isEqualTo("busybox");
		assertThatThrownBy(() -> DockerContainerCreate.toConfig(null,
				JSON.readTree("{\"Image\":\"busybox\",\"Tty\":true,\"OpenStdin\":true}")))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("interactive containers (docker run -i, -t) are not supported")
			.hasMessageContaining("dashboard's terminal");
		assertThatThrownBy(() -> DockerContainerCreate.toConfig(null,
				JSON.readTree("{\"Image\":\"busybox\",\"HostConfig\":{\"AutoRemove\":true}}")))
			.hasMessageContaining("docker run -d --rm is not supported");
		assertThat(DockerContainerCreate
			.toConfig(null,
					JSON.readTree("{\"Image\":\"busybox\",\"AttachStdout\":true,\"HostConfig\":{\"AutoRemove\":true}}"))
			.labels()).containsEntry(DockerContainerCreate.AUTO_REMOVE_LABEL, "true");
		assertThatThrownBy(() -> DockerContainerCreate.toConfig(null, JSON.readTree("{}")))
			.hasMessageContaining("\"Image\" is required");
	}

	@Test
	void aNamedNetworkAndItsAliasesComeFromTheEndpointsConfig() {
		ContainerConfig config = DockerContainerCreate.toConfig(null, JSON.readTree("""
				{"Image":"busybox","HostConfig":{"NetworkMode":"backend"},
				 "NetworkingConfig":{"EndpointsConfig":{"backend":{"Aliases":["db"]}}}}"""));
		assertThat(config.network()).isEqualTo("backend");
		assertThat(config.networkAliases()).containsExactly("db");
	}

	@Test
	void inspectShowsTheEffectiveHardeningInDockersShape() {
		ContainerConfig config = DockerContainerCreate.toConfig("web", JSON.readTree(DOCKER_RUN_BODY));
		EffectiveSecurity effective = new EffectiveSecurity("restricted", 65534, 65534, List.of("CAP_NET_BIND_SERVICE"),
				true, "default", true, 64L << 20, 64L << 20, 0.5, 64);
		Instant started = Instant.parse("2026-01-02T03:04:05Z");
		Container running = new Container("a".repeat(64), "web", "busybox", "sha256:" + "b".repeat(64), config,
				ContainerState.RUNNING, started.minusSeconds(1), started, null, null, false, false, 4242, effective,
				null);
		Map<String, Object> inspect = DockerContainerJson.inspect(running);
		assertThat(inspect).containsEntry("Name", "/web").containsEntry("Path", "sh");
		@SuppressWarnings("unchecked")
		Map<String, Object> host = (Map<String, Object>) inspect.get("HostConfig");
		assertThat(host).containsEntry("ReadonlyRootfs", true)
			.containsEntry("CapDrop", List.of("ALL"))
			.containsEntry("Memory", 64L << 20)
			.containsEntry("NanoCpus", 500_000_000L)
			.containsEntry("Privileged", false);
		assertThat(host.get("SecurityOpt")).isEqualTo(List.of("no-new-privileges", "seccomp=default"));
		@SuppressWarnings("unchecked")
		Map<String, Object> state = (Map<String, Object>) inspect.get("State");
		assertThat(state).containsEntry("Running", true)
			.containsEntry("Pid", 4242)
			.containsEntry("StartedAt", "2026-01-02T03:04:05Z")
			.containsEntry("FinishedAt", DockerContainerJson.ZERO_TIME);
		Map<String, Object> summary = DockerContainerJson.summary(running, started.plusSeconds(180));
		assertThat(summary).containsEntry("Names", List.of("/web")).containsEntry("Status", "Up 3 minutes");
	}

	@Test
	void anExitedContainerSaysItsCodeAndWhenLikeDocker() {
		Instant finished = Instant.parse("2026-01-02T03:04:05Z");
		Container exited = new Container("c".repeat(64), "done", "busybox", "sha256:" + "d".repeat(64),
				DockerContainerCreate.toConfig(null, JSON.readTree("{\"Image\":\"busybox\"}")), ContainerState.EXITED,
				finished.minusSeconds(9), finished.minusSeconds(5), finished, 137, true, false, null, null, null);
		assertThat(DockerContainerJson.status(exited, finished.plusSeconds(2))).isEqualTo("Exited (137) 2 seconds ago");
		@SuppressWarnings("unchecked")
		Map<String, Object> state = (Map<String, Object>) DockerContainerJson.inspect(exited).get("State");
		assertThat(state).containsEntry("OOMKilled", true).containsEntry("ExitCode", 137).containsEntry("Pid", 0);
	}

	@Test
	void aContainerWaitingOutItsRestartBackOffIsRestartingLikeDocker() {
		Instant finished = Instant.parse("2026-01-02T03:04:05Z");
		Container restarting = new Container("e".repeat(64), "crashes", "busybox", "sha256:" + "d".repeat(64),
				DockerContainerCreate.toConfig(null, JSON.readTree("{\"Image\":\"busybox\"}")),
				ContainerState.RESTARTING, finished.minusSeconds(9), finished.minusSeconds(5), finished, 1, false,
				false, null, null, null);
		assertThat(DockerContainerJson.status(restarting, finished.plusSeconds(3)))
			.isEqualTo("Restarting (1) 3 seconds ago");
		@SuppressWarnings("unchecked")
		Map<String, Object> state = (Map<String, Object>) DockerContainerJson.inspect(restarting).get("State");
		assertThat(state).containsEntry("Status", "restarting")
			.containsEntry("Restarting", true)
			.containsEntry("Running", false)
			.containsEntry("Pid", 0);
	}

	@Test
	void logLinesAreFramedWithStreamAndBigEndianLength() {
		byte[] out = DockerStreamFrames.frame(new CriLogReader.Entry(Instant.EPOCH, CriLogReader.Stream.STDOUT, "hi"),
				false);
		assertThat(out).containsExactly(1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n');
		byte[] err = DockerStreamFrames.frame(
				new CriLogReader.Entry(Instant.parse("2026-01-02T03:04:05.5Z"), CriLogReader.Stream.STDERR, "x"), true);
		assertThat(err[0]).isEqualTo((byte) 2);
		String payload = new String(err, 8, err.length - 8, StandardCharsets.UTF_8);
		assertThat(payload).isEqualTo("2026-01-02T03:04:05.500Z x\n");
		assertThat(((err[6] & 0xff) << 8) | (err[7] & 0xff)).isEqualTo(payload.length());
		byte[] big = DockerStreamFrames.frame(DockerStreamFrames.STDOUT, new byte[70_000]);
		assertThat(big[5] & 0xff).isEqualTo(1);
		assertThat(((big[6] & 0xff) << 8) | (big[7] & 0xff)).isEqualTo(70_000 - 65_536);
	}

	@Test
	void versionsBetweenTheMinimumAndTheCurrentAreServedOthersAreRefusedInDockersWords() {
		assertThat(DockerApiVersion.CURRENT).isGreaterThanOrEqualTo(new DockerApiVersion(1, 44));
		assertThat(DockerApiVersion.ofPath("/v1.41/containers/json").refusal()).isNull();
		assertThat(DockerApiVersion.ofPath("/v1.45/info").refusal()).isNull();
		assertThat(DockerApiVersion.ofPath("/v1.12/info").refusal())
			.isEqualTo("client version 1.12 is too old. Minimum supported API version is 1.24, "
					+ "please upgrade your client to a newer version");
		assertThat(DockerApiVersion.ofPath("/v1.99/info").refusal()).contains("too new");
		assertThat(DockerApiVersion.ofPath("/containers/json")).isNull();
		assertThat(DockerApiVersion.parse("v1.44")).isEqualTo(new DockerApiVersion(1, 44));
	}

	@Test
	void aMissingContainerOrImageIsNamedInDockersWordsBeforeBulkheads() {
		assertThat(DockerErrorAdvice.dockerNotFound("/v1.45/containers/web/json",
				"no container named or with id 'web' among the containers you can see"))
			.startsWith("No such container: web (")
			.contains("among the containers you can see");
		assertThat(DockerErrorAdvice.dockerNotFound("/v1.45/images/127.0.0.1:5000/app:1/json", "image not found"))
			.startsWith("No such image: 127.0.0.1:5000 (");
		assertThat(DockerErrorAdvice.dockerNotFound("/v1.45/containers/create", "no image busybox:9"))
			.isEqualTo("no image busybox:9");
	}

	@Test
	void filtersReadBothTheListAndTheOlderSetForm() {
		DockerFilters lists = DockerFilters.parse("{\"name\":[\"web\"],\"status\":[\"running\"]}");
		DockerFilters sets = DockerFilters.parse("{\"label\":{\"app=web\":true}}");
		ContainerConfig config = DockerContainerCreate.toConfig("web-1",
				JSON.readTree("{\"Image\":\"busybox\",\"Labels\":{\"app\":\"web\"}}"));
		Container c = new Container("e".repeat(64), "web-1", "busybox", "sha256:" + "f".repeat(64), config,
				ContainerState.RUNNING, Instant.EPOCH, Instant.EPOCH, null, null, false, false, 1, null, null);
		assertThat(lists.matches(c)).isTrue();
		assertThat(sets.matches(c)).isTrue();
		assertThat(DockerFilters.parse("{\"status\":[\"exited\"]}").matches(c)).isFalse();
		assertThatThrownBy(() -> DockerFilters.parse("{\"volume\":[\"x\"]}").matches(c))
			.hasMessageContaining("invalid filter 'volume'");
	}

	@Test
	void hostCpuTimeIsReadFromProcStatInNanosecondsAsDockerDoes() {
		assertThat(DockerStatsController.parseSystemCpuNanos("cpu  100 5 50 1000 10 1 2 3 7 0"))
			.isEqualTo((100 + 5 + 50 + 1000 + 10 + 1 + 2 + 3) * 10_000_000L);
	}

}
