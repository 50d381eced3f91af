package dev.bulkhead.it.containers;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The interactive terminal over a WebSocket, with real runc: a shell with a real terminal
 * inside the container, resized from the client, and gone with everything it started once
 * the socket closes.
 */
class TerminalIT extends PlatformTest {

	private static final String PASSWORD = "terminal-it-password-1";

	private static final Duration WAIT = Duration.ofSeconds(20);

	private Api developer;

	private Api operator;

	private Api viewer;

	private Api outsider;

	@BeforeAll
	void createTeamAndMembers() {
		expect(this.api.post("/api/v1/teams", "{\"name\":\"term-team\"}"), 201);
		expect(this.api.post("/api/v1/teams", "{\"name\":\"term-other\"}"), 201);
		this.developer = member("term-dev", "term-team", "developer");
		this.operator = member("term-op", "term-team", "operator");
		this.viewer = member("term-viewer", "term-team", "viewer");
		this.outsider = member("term-outsider", "term-other", "developer");
	}

	@Test
	void aShellGetsARealTerminalAndItsExitCodeEndsTheSession() throws Exception {
		String id = this.developer.run("term-shell", "sh", "-c", "while true; do sleep 1; done");
		TerminalSocket terminal = TerminalSocket.open(this.server.baseUrl(), this.operator.token(), id);
		terminal.type("tty; echo hello-$((40+2)); exit 3\n");
		assertThat(terminal.awaitClosed(WAIT)).isEqualTo(1000);
		assertThat(terminal.output()).containsPattern("/dev/pts/\\d+").contains("hello-42");
		assertThat(terminal.texts()).containsExactly("{\"type\":\"exit\",\"code\":3}");
		assertThat(auditDetails("term-op", id)).as("who opened what, and how it ended")
			.contains("opened: sh", "closed: sh, exit code 3");
	}

	/** The audit details of terminal events by this user about this container. */
	private java.util.List<String> auditDetails(String actor, String id) throws InterruptedException {
		java.util.List<String> details = java.util.List.of();
		for (int i = 0; i < 50; i++) {
			Api.Response events = this.api.get("/api/v1/audit?actor=" + actor);
			assertThat(events.status()).as(events.body()).isEqualTo(200);
			details = new java.util.ArrayList<>();
			for (var event : events.json()) {
				if (event.get("action").asString().startsWith("TERMINAL ")
						&& id.equals(event.get("target").asString())) {
					details.add(event.get("detail").asString());
				}
			}
			if (details.size() >= 2) {
				break;
			}
			Thread.sleep(100);
		}
		return details;
	}

	@Test
	void resizingTheTerminalIsWhatTheProcessSees() throws Exception {
		String id = this.developer.run("term-resize", "sh", "-c", "while true; do sleep 1; done");
		TerminalSocket terminal = TerminalSocket.open(this.server.baseUrl(), this.operator.token(), id);
		terminal.resize(123, 45);
		sleep(300);
		terminal.type("stty size; exit\n");
		assertThat(terminal.awaitClosed(WAIT)).isEqualTo(1000);
		assertThat(terminal.output()).contains("45 123");
	}

	@Test
	void closingTheSocketKillsWhatTheShellStarted() throws Exception {
		String id = this.developer.run("term-close", "sh", "-c", "while true; do sleep 1; done");
		TerminalSocket terminal = TerminalSocket.open(this.server.baseUrl(), this.operator.token(), id);
		terminal.type("sleep 1000\n");
		awaitSleepers(id, 1);
		terminal.close();
		awaitSleepers(id, 0);
		assertThat(shells(id)).as("the exec'd shell is gone too").isZero();
		awaitNoHostTerminals();
	}

	/**
	 * Once no session is open, the server holds no pseudo-terminal master and no
	 * {@code runc exec} of its own is left.
	 */
	private void awaitNoHostTerminals() throws IOException {
		ProcessHandle server = ProcessHandle.current()
			.children()
			.filter((p) -> p.info().commandLine().orElse("").contains("bulkhead.jar"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the server is not a child of this test"));
		String runRoot = this.server.runRoot().toString();
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (true) {
			long masters = 0;
			try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(server.pid()), "fd"))) {
				masters = fds.filter((fd) -> {
					try {
						return Files.readSymbolicLink(fd).toString().equals("/dev/ptmx");
					}
					catch (IOException ex) {
						return false;
					}
				}).count();
			}
			long execs = ProcessHandle.allProcesses()
				.map((p) -> p.info().commandLine().orElse(""))
				.filter((line) -> line.contains(runRoot) && line.contains(" exec --tty"))
				.count();
			if (masters == 0 && execs == 0) {
				return;
			}
			assertThat(System.nanoTime()).as(masters + " terminal masters and " + execs + " runc execs left")
				.isLessThan(deadline);
			sleep(200);
		}
	}

	@Test
	void stoppingTheContainerEndsTheSession() throws Exception {
		String id = this.developer.run("term-stop", "sh", "-c", "while true; do sleep 1; done");
		TerminalSocket terminal = TerminalSocket.open(this.server.baseUrl(), this.operator.token(), id);
		terminal.type("echo ready-$((1+1))\n");
		terminal.awaitOutput((o) -> o.contains("ready-2"), WAIT);
		expect(this.developer.post("/api/v1/containers/" + id + "/kill"), 200);
		assertThat(terminal.awaitClosed(WAIT)).isEqualTo(1000);
		assertThat(terminal.texts()).singleElement().asString().startsWith("{\"type\":\"exit\",\"code\":");
	}

	@Test
	void aViewerAnotherTeamAndNobodyAreRefusedAtTheHandshake() {
		String id = this.developer.run("term-refuse", "sh", "-c", "while true; do sleep 1; done");
		assertThat(handshakeStatus(this.viewer.token(), id)).isEqualTo(403);
		assertThat(handshakeStatus(this.operatorReadOnlyToken(), id)).as("a read-only token").isEqualTo(403);
		assertThat(handshakeStatus(this.outsider.token(), id)).isEqualTo(404);
		assertThat(handshakeStatus("not-a-token", id)).isEqualTo(401);
	}

	/** A read-only token of the operator, who could open a terminal with a full token. */
	private String operatorReadOnlyToken() {
		String basic = java.util.Base64.getEncoder()
			.encodeToString(("term-op:" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		Api.Response minted = this.api.send(HttpRequest.newBuilder(this.api.uri("/api/v1/tokens"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ro\",\"scope\":\"read\",\"expiresInDays\":1}")));
		expect(minted, 201);
		return minted.json().get("token").asString();
	}

	private int handshakeStatus(String token, String id) {
		Throwable refused = catchThrowable(() -> TerminalSocket.open(this.server.baseUrl(), token, id));
		assertThat(refused).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(WebSocketHandshakeException.class);
		return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
	}

	/** Processes in the container whose command line is {@code sleep 1000}. */
	private int sleepers(String id) {
		return count(id, "sleep 1000");
	}

	private int shells(String id) {
		return count(id, "sh");
	}

	private int count(String id, String args) {
		Api.Response ps = this.developer.post("/api/v1/containers/" + id + "/exec",
				"{\"command\":[\"ps\",\"-o\",\"args\"]}");
		assertThat(ps.status()).as(ps.body()).isEqualTo(200);
		return (int) ps.json().get("stdout").asString().lines().filter((l) -> l.strip().equals(args)).count();
	}

	private void awaitSleepers(String id, int expected) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (sleepers(id) != expected) {
			assertThat(System.nanoTime()).as("'sleep 1000' processes to become " + expected).isLessThan(deadline);
			sleep(200);
		}
	}

	private Api member(String username, String team, String role) {
		expect(this.api.post("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}"),
				201);
		expect(this.api.send(this.api.authorized("/api/v1/teams/" + team + "/members/" + username)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\"}"))), 200);
		return new Api(this.server.baseUrl()).login(username, PASSWORD);
	}

	private static void expect(Api.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
	}

}
