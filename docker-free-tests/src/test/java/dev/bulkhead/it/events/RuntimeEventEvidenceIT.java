package dev.bulkhead.it.events;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence events carry, with real containers: an OOM kill is an {@code oom} and a
 * {@code die} with the cgroup's limit and peak; health is reported when its status
 * changes, not at every probe, with the failing probe's output; an exec is an
 * {@code exec_start}.
 */
class RuntimeEventEvidenceIT extends PlatformTest {

	private static final long LIMIT = 32L * 1024 * 1024;

	@Test
	void anOomKillIsRecordedWithTheLimitAndThePeak() {
		// tail keeps the whole newline-free input in memory until the limit is hit
		Api.Response created = this.api.post("/api/v1/containers",
				"{\"name\":\"events-hog\",\"image\":\"busybox\",\"network\":\"none\",\"command\":[\"sh\",\"-c\","
						+ "\"head -c 256m /dev/zero | tail\"],\"resources\":{\"memoryBytes\":" + LIMIT + "}}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		this.api.await(id);

		JsonNode events = this.api.get("/api/v1/containers/" + id + "/events").json();
		assertThat(actions(events)).containsExactly("create", "start", "oom", "die");
		JsonNode die = events.get(3).get("actor").get("attributes");
		assertThat(die.get("oomKilled").asString()).isEqualTo("true");
		assertThat(die.get("exitCode").asString()).isNotEqualTo("0");
		assertThat(die.get("memoryLimitBytes").asLong()).isEqualTo(LIMIT);
		assertThat(Long.parseLong(die.get("memoryPeakBytes").asString())).isBetween(LIMIT * 9 / 10, LIMIT);
		assertThat(this.api.delete("/api/v1/containers/" + id).status()).isEqualTo(204);
	}

	@Test
	void healthIsReportedOnlyWhenItsStatusChangesWithTheFailingProbesOutput() throws Exception {
		String id = this.api.createWith("events-probed",
				"\"network\":\"none\",\"healthcheck\":{\"test\":[\"CMD-SHELL\",\"cat /tmp/ready\"],"
						+ "\"interval\":\"200ms\",\"timeout\":\"5s\",\"retries\":2},",
				"sh", "-c", "echo ok > /tmp/ready; exec sleep 600");
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		awaitHealth(id, "healthy");
		// several probes pass while it stays healthy
		Thread.sleep(1200);
		Api.Response removed = this.api.post("/api/v1/containers/" + id + "/exec",
				"{\"command\":[\"rm\",\"/tmp/ready\"]}");
		assertThat(removed.json().get("exitCode").asInt()).isZero();
		awaitHealth(id, "unhealthy");
		Thread.sleep(1200);

		JsonNode health = this.api.get("/api/v1/events?action=health_status&container=" + id).json();
		assertThat(actions(health)).containsExactly("health_status: healthy", "health_status: unhealthy");
		JsonNode unhealthy = health.get(1).get("actor").get("attributes");
		assertThat(unhealthy.get("probeOutput").asString()).contains("/tmp/ready");
		assertThat(unhealthy.get("probeExitCode").asString()).isNotEqualTo("0");
		JsonNode exec = this.api.get("/api/v1/containers/" + id + "/events?action=exec_start").json();
		assertThat(exec).hasSize(1);
		assertThat(exec.get(0).get("actor").get("attributes").get("execCommand").asString()).isEqualTo("rm /tmp/ready");
		assertThat(this.api.delete("/api/v1/containers/" + id + "?force=true").status()).isEqualTo(204);
	}

	private void awaitHealth(String id, String status) throws InterruptedException {
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (true) {
			JsonNode health = this.api.get("/api/v1/containers/" + id).json().get("health");
			if (health != null && health.get("status").asString().equals(status)) {
				return;
			}
			assertThat(System.nanoTime()).as("health becomes " + status).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private static List<String> actions(JsonNode events) {
		List<String> actions = new ArrayList<>();
		for (JsonNode event : events) {
			if (event.get("type").asString().equals("container")) {
				actions.add(event.get("action").asString());
			}
		}
		return actions;
	}

}
