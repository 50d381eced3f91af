package dev.bulkhead.it.containers;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pause freezes a container's processes in the kernel; exec runs a command inside a
 * running container with the container's own hardening.
 */
class PauseAndExecIT extends PlatformTest {

	private static final String COUNTER = "i=0; while true; do i=$((i+1)); echo $i; sleep 0.05; done";

	private int lines(String id) {
		return this.api.get("/api/v1/containers/" + id + "/logs").body().split("\n").length;
	}

	@Test
	void pausedContainerStopsAdvancingUntilUnpaused() throws Exception {
		String id = this.api.run("counter", "sh", "-c", COUNTER);
		sleep(500);
		JsonNode paused = this.api.post("/api/v1/containers/" + id + "/pause").json();
		assertThat(paused.get("state").asString()).isEqualTo("paused");
		Path freezer = Path.of("/sys/fs/cgroup/freezer/bulkhead", id, "freezer.state");
		if (Files.exists(freezer)) {
			assertThat(Files.readString(freezer).trim()).isEqualTo("FROZEN");
		}
		sleep(200);
		int frozenAt = lines(id);
		sleep(800);
		assertThat(lines(id)).as("no output while paused").isEqualTo(frozenAt);
		assertThat(this.api.post("/api/v1/containers/" + id + "/pause").status()).isEqualTo(409);

		JsonNode resumed = this.api.post("/api/v1/containers/" + id + "/unpause").json();
		assertThat(resumed.get("state").asString()).isEqualTo("running");
		sleep(500);
		assertThat(lines(id)).as("output again after unpause").isGreaterThan(frozenAt);
	}

	@Test
	void stoppingAPausedContainerThawsItSoItCanExit() {
		String id = this.api.run("frozen-stop", "sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done");
		sleep(300);
		assertThat(this.api.post("/api/v1/containers/" + id + "/pause").status()).isEqualTo(200);
		JsonNode stopped = this.api.post("/api/v1/containers/" + id + "/stop?timeout=10").json();
		assertThat(stopped.get("state").asString()).isEqualTo("exited");
		assertThat(stopped.get("exitCode").asInt()).isZero();
	}

	@Test
	void execRunsWithTheContainersUserAndHardening() {
		String id = this.api.run("exec-target", "sleep", "60");
		Api.Response response = this.api.post("/api/v1/containers/" + id + "/exec",
				"{\"command\":[\"sh\",\"-c\",\"id -u; grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status; "
						+ "echo oops >&2; exit 4\"]}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode result = response.json();
		assertThat(result.get("exitCode").asInt()).isEqualTo(4);
		assertThat(result.get("stdout").asString()).contains("65534")
			.contains("CapEff:\t0000000000000000")
			.contains("NoNewPrivs:\t1")
			.contains("Seccomp:\t2");
		assertThat(result.get("stderr").asString()).isEqualTo("oops\n");
		assertThat(result.get("timedOut").asBoolean()).isFalse();
	}

	@Test
	void execPastItsTimeLimitIsStoppedAndSaysSo() {
		String id = this.api.run("exec-slow", "sleep", "60");
		JsonNode result = this.api
			.post("/api/v1/containers/" + id + "/exec", "{\"command\":[\"sleep\",\"30\"],\"timeoutSeconds\":1}")
			.json();
		assertThat(result.get("timedOut").asBoolean()).isTrue();
	}

	@Test
	void execInAContainerThatIsNotRunningIsAConflict() {
		String id = this.api.create("exec-created", "true");
		Api.Response response = this.api.post("/api/v1/containers/" + id + "/exec", "{\"command\":[\"true\"]}");
		assertThat(response.status()).isEqualTo(409);
		assertThat(response.json().get("detail").asString()).contains("running container");
	}

}
