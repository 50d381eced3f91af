package dev.bulkhead.it.dockerapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.LocalRegistry;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stock docker CLI (a client only; no dockerd anywhere) against Bulkhead's
 * Docker-compatible API on {@code <run-root>/docker.sock} and on the HTTP port: the
 * everyday commands work, and tokens, teams and policy apply as on the native API.
 */
class DockerCliIT extends PlatformTest {

	private static final String PASSWORD = "docker-cli-it-password";

	private LocalRegistry registry;

	private Path docker;

	private Path home;

	@Override
	protected List<String> serverArguments() {
		this.docker = dockerClient();
		Assumptions.assumeTrue(this.docker != null,
				"needs the docker CLI (run-all-tests.sh takes it from Debian's docker.io package)");
		Assumptions.assumeTrue(LocalRegistry.available(),
				"needs docker-registry and skopeo (the CI script installs them)");
		this.registry = LocalRegistry.anonymous();
		TestImages.busyboxTar();
		this.registry.push(Path.of("target", "images", "busybox.tar").toAbsolutePath(), "tools/busybox:1.0");
		return List.of("--bulkhead.registries.insecure=" + this.registry.host(),
				"--bulkhead.networks.default-subnet=10.232.41.0/24");
	}

	@AfterAll
	void stopRegistry() {
		if (this.registry != null) {
			this.registry.close();
		}
	}

	private static Path dockerClient() {
		String configured = System.getProperty("bulkhead.docker");
		if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
			return Path.of(configured);
		}
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			Path candidate = Path.of(dir, "docker");
			if (!dir.isBlank() && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private Path configWith(String token) throws IOException {
		if (this.home == null) {
			this.home = Files.createTempDirectory(this.roots, "docker-config-");
		}
		Path config = Files.createTempDirectory(this.home, "c");
		if (token != null) {
			Files.writeString(config.resolve("config.json"),
					"{\"HttpHeaders\":{\"Authorization\":\"Bearer " + token + "\"}}");
		}
		return config;
	}

	private String socketHost() {
		return "unix://" + this.server.runRoot().resolve("docker.sock").toAbsolutePath();
	}

	record Result(int exitCode, String out, String err) {

		String all() {
			return this.out + this.err;
		}

	}

	private Result docker(String token, String host, String... arguments) {
		try {
			List<String> command = new ArrayList<>();
			command.add(this.docker.toString());
			command.addAll(List.of(arguments));
			ProcessBuilder builder = new ProcessBuilder(command);
			Map<String, String> env = builder.environment();
			env.put("DOCKER_HOST", host);
			env.put("DOCKER_CONFIG", configWith(token).toString());
			env.remove("DOCKER_CONTEXT");
			Path out = Files.createTempFile(this.home, "out", ".txt");
			Path err = Files.createTempFile(this.home, "err", ".txt");
			Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
				throw new AssertionError("docker " + String.join(" ", arguments) + " did not finish in 60 s: "
						+ Files.readString(out) + Files.readString(err));
			}
			return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	private Result ok(String token, String... arguments) {
		Result result = docker(token, socketHost(), arguments);
		assertThat(result.exitCode()).as("docker " + String.join(" ", arguments) + ": " + result.all()).isZero();
		return result;
	}

	@Test
	void versionAndInfoShowTheNegotiatedApiAndTheHostsRealFigures() throws IOException {
		String token = this.api.token();
		Result version = ok(token, "version", "--format", "{{.Server.APIVersion}} {{.Server.MinAPIVersion}}");
		assertThat(version.out().trim()).isEqualTo("1.45 1.24");
		Result info = ok(token, "info", "--format",
				"{{.DefaultRuntime}}|{{.CgroupVersion}}|{{.KernelVersion}}|{{.Images}}|{{json .SecurityOptions}}");
		String[] fields = info.out().trim().split("\\|");
		assertThat(fields[0]).isEqualTo("runc");
		assertThat(fields[1]).isIn("1", "2");
		assertThat(fields[2]).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
		assertThat(Integer.parseInt(fields[3])).isGreaterThanOrEqualTo(1);
		assertThat(fields[4]).contains("seccomp").contains("no-new-privileges");
	}

	@Test
	void pullRunLogsInspectStopAndRemoveWorkAsWithDockerd() {
		String token = this.api.token();
		String image = this.registry.host() + "/tools/busybox:1.0";
		Result pull = ok(token, "pull", image);
		assertThat(pull.out()).contains("Status: Downloaded newer image for " + image);
		assertThat(ok(token, "images", "--format", "{{.Repository}}:{{.Tag}}").out()).contains(image);

		Result run = ok(token, "run", "-d", "--name", "cli-web", "-m", "64m", image, "sh", "-c", "echo hi; sleep 100");
		String id = run.out().trim();
		assertThat(id).matches("[0-9a-f]{64}");
		Api.CREATED.add(id);
		assertThat(ok(token, "ps", "--format", "{{.Names}} {{.Status}}").out()).contains("cli-web Up");
		assertThat(ok(token, "ps", "-q", "--filter", "name=cli-web").out().trim()).isEqualTo(id.substring(0, 12));
		awaitLog(token, "cli-web", "hi");

		Result inspect = ok(token, "inspect", "--format",
				"{{.State.Status}} {{.HostConfig.ReadonlyRootfs}} {{json .HostConfig.CapDrop}} {{.HostConfig.Memory}} "
						+ "{{.Name}} {{.NetworkSettings.IPAddress}}",
				"cli-web");
		String[] shown = inspect.out().trim().split(" ");
		assertThat(shown).startsWith("running", "true", "[\"ALL\"]", Long.toString(64L << 20), "/cli-web");
		assertThat(shown[5]).as("the container's address on the default bridge").matches("\\d+\\.\\d+\\.\\d+\\.\\d+");

		ok(token, "stop", "-t", "1", "cli-web");
		assertThat(ok(token, "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "cli-web").out().trim())
			.isEqualTo("exited 137");
		assertThat(ok(token, "ps", "-a", "--format", "{{.Names}} {{.Status}}").out()).contains("cli-web Exited (137)");
		ok(token, "rm", "cli-web");
		Result gone = docker(token, socketHost(), "inspect", "cli-web");
		assertThat(gone.exitCode()).isNotZero();
		assertThat(gone.err()).contains("No such object: cli-web");
	}

	@Test
	void runWithoutDetachShowsTheOutputOnItsStreamsAndExitsWithTheContainersCode() {
		String token = this.api.token();
		Result run = docker(token, socketHost(), "run", "--name", "attached", "busybox", "sh", "-c",
				"echo to-stdout; echo to-stderr >&2; exit 3");
		assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
		assertThat(run.out()).isEqualTo("to-stdout\n");
		assertThat(run.err()).isEqualTo("to-stderr\n");
		ok(token, "create", "--name", "created-first", "busybox", "echo", "started-attached");
		assertThat(ok(token, "start", "-a", "created-first").out()).isEqualTo("started-attached\n");
		Result interactive = docker(token, socketHost(), "run", "-i", "busybox", "cat");
		assertThat(interactive.exitCode()).isNotZero();
		assertThat(interactive.err()).contains("interactive containers (docker run -i, -t) are not supported");
		ok(token, "rm", "attached", "created-first");
		Result removed = ok(token, "run", "--rm", "--name", "removed-after", "busybox", "echo", "once");
		assertThat(removed.out()).isEqualTo("once\n");
		assertThat(ok(token, "ps", "-a", "--format", "{{.Names}}").out()).doesNotContain("removed-after");
	}

	@Test
	void runPullsAnImageItDoesNotHaveYetAsDockerdWould() {
		String token = this.api.token();
		String image = this.registry.host() + "/tools/busybox:run-pulls";
		this.registry.push(Path.of("target", "images", "busybox.tar").toAbsolutePath(), "tools/busybox:run-pulls");
		Result run = ok(token, "run", "-d", "--name", "pulled-by-run", image, "echo", "from-a-pull");
		assertThat(run.err()).contains("Unable to find image '" + image + "' locally");
		Api.CREATED.add(run.out().trim());
		awaitLog(token, "pulled-by-run", "from-a-pull");
		ok(token, "rm", "-f", "pulled-by-run");
	}

	@Test
	void dockerPyRunsWaitsReadsLogsAndInspects() throws IOException {
		Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/docker")),
				"needs python3-docker (the CI script installs it)");
		// Debian's python3 with Debian's python3-docker, whatever python3 is first on
		// PATH
		Path script = Files.createTempFile(this.roots, "docker-py", ".py");
		Files.writeString(script, """
				import docker
				client = docker.from_env(version="auto")
				box = client.containers.run("busybox", ["sh", "-c", "echo py-hi"], detach=True, name="py-box",
				                            mem_limit="32m")
				print("exit", box.wait()["StatusCode"])
				print("logs", box.logs().decode().strip())
				box.reload()
				print("readonly", box.attrs["HostConfig"]["ReadonlyRootfs"], box.attrs["HostConfig"]["Memory"])
				box.remove()
				print("left", len(client.containers.list(all=True, filters={"name": "py-box"})))
				""");
		ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectErrorStream(true);
		builder.environment().put("DOCKER_HOST", socketHost());
		builder.environment().put("DOCKER_CONFIG", configWith(this.api.token()).toString());
		Process process = builder.start();
		String output;
		try {
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("exit 0", "logs py-hi", "readonly True " + (32L << 20), "left 0");
	}

	@Test
	void statsTopAndExecWorkOnARunningContainer() {
		String token = this.api.token();
		String id = ok(token, "run", "-d", "--name", "busy-box", "-m", "48m", "busybox", "sh", "-c",
				"while true; do :; done")
			.out()
			.trim();
		Api.CREATED.add(id);
		Result stats = ok(token, "stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.CPUPerc}}|{{.PIDs}}",
				"busy-box");
		String[] fields = stats.out().trim().split("\\|");
		assertThat(fields[0]).isEqualTo("busy-box");
		assertThat(fields[1]).as("usage / the 48 MiB limit").endsWith("/ 48MiB");
		assertThat(Double.parseDouble(fields[2].replace("%", ""))).as("a busy loop uses CPU").isGreaterThan(10.0);
		assertThat(Integer.parseInt(fields[3])).isGreaterThanOrEqualTo(1);
		Result exec = docker(token, socketHost(), "exec", "busy-box", "sh", "-c", "id -u; echo oops >&2; exit 4");
		assertThat(exec.exitCode()).as(exec.all()).isEqualTo(4);
		assertThat(exec.out()).as("the hardened default user").isEqualTo("65534\n");
		assertThat(exec.err()).isEqualTo("oops\n");
		Result top = ok(token, "top", "busy-box");
		assertThat(top.out()).contains("PID").contains("while true");
		ok(token, "rm", "-f", "busy-box");
	}

	private void awaitLog(String token, String container, String text) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		String logs = "";
		while (System.nanoTime() < deadline) {
			logs = ok(token, "logs", container).out();
			if (logs.contains(text)) {
				return;
			}
			sleep(100);
		}
		assertThat(logs).as("docker logs " + container).contains(text);
	}

	@Test
	void privilegedAndExtraCapabilitiesAreRefusedWithThePolicysWords() {
		String token = this.api.token();
		String before = ok(token, "ps", "-a", "-q").out();
		Result privileged = docker(token, socketHost(), "run", "-d", "--privileged", "busybox", "true");
		assertThat(privileged.exitCode()).isNotZero();
		assertThat(privileged.err()).contains("Error response from daemon")
			.contains("privileged mode")
			.contains("restricted");
		Result capability = docker(token, socketHost(), "run", "-d", "--cap-add", "SYS_ADMIN", "busybox", "true");
		assertThat(capability.err()).contains("capability SYS_ADMIN is not allowed at level restricted");
		assertThat(ok(token, "ps", "-a", "-q").out()).as("nothing was created").isEqualTo(before);
	}

	@Test
	void anotherTeamsTokenCannotSeeOrStopTheContainer() throws IOException {
		String token = this.api.token();
		String id = ok(token, "run", "-d", "--name", "team-box", "busybox", "sleep", "100").out().trim();
		Api.CREATED.add(id);
		String stranger = member("docker-stranger", "strangers").token();
		Result stop = docker(stranger, socketHost(), "stop", "team-box");
		assertThat(stop.exitCode()).isNotZero();
		assertThat(stop.err()).contains("No such container: team-box");
		assertThat(docker(stranger, socketHost(), "ps", "-a", "-q").out()).doesNotContain(id.substring(0, 12));
		assertThat(docker(stranger, socketHost(), "logs", "team-box").err()).contains("No such container");
		assertThat(ok(token, "inspect", "--format", "{{.State.Running}}", "team-box").out().trim()).isEqualTo("true");
		ok(token, "rm", "-f", "team-box");
	}

	@Test
	void withoutATokenDockerSaysHowToConfigureOne() {
		Result refused = docker(null, socketHost(), "ps");
		assertThat(refused.exitCode()).isNotZero();
		assertThat(refused.err()).contains("Bulkhead's Docker API needs a bearer token")
			.contains("\"HttpHeaders\":{\"Authorization\":\"Bearer <token>\"}")
			.contains("DOCKER_CONFIG");
	}

	@Test
	void theHttpPortServesTheSameApi() {
		String token = this.api.token();
		String tcp = "tcp://" + this.server.baseUrl().substring("http://".length());
		Result version = docker(token, tcp, "version", "--format", "{{.Server.APIVersion}}");
		assertThat(version.exitCode()).as(version.all()).isZero();
		assertThat(version.out().trim()).isEqualTo("1.45");
		Result images = docker(token, tcp, "images", "--format", "{{.Repository}}");
		assertThat(images.out()).contains("busybox");
	}

	@Test
	void theSocketIsForItsGroupAndCarriesOnlyTheDockerApi() throws IOException {
		Path socket = this.server.runRoot().resolve("docker.sock");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
		String login = rawRequest(socket, "GET /login HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n");
		assertThat(login).doesNotContain("<form").doesNotContain("<html");
		assertThat(login).startsWith("HTTP/1.1 401");
		String ping = rawRequest(socket, "GET /_ping HTTP/1.1\r\nHost: docker\r\nAuthorization: Bearer "
				+ this.api.token() + "\r\nConnection: close\r\n\r\n");
		assertThat(ping).startsWith("HTTP/1.1 200").contains("Api-Version: 1.45").endsWith("OK");
	}

	private static String rawRequest(Path socket, String request) throws IOException {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(socket));
			channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
			ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
			while (channel.read(buffer) >= 0 && buffer.hasRemaining()) {
				// read until the server closes
			}
			return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
		}
	}

	private Api member(String username, String team) {
		expect(this.api.post("/api/v1/teams", "{\"name\":\"" + team + "\"}"), 201);
		expect(this.api.post("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}"),
				201);
		expect(this.api.send(this.api.authorized("/api/v1/teams/" + team + "/members/" + username)
			.header("Content-Type", "application/json")
			.PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"role\":\"developer\"}"))), 200);
		return new Api(this.server.baseUrl()).login(username, PASSWORD);
	}

	private static void expect(Api.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
	}

}
