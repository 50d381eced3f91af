package dev.bulkhead.it.containers;

import java.time.Duration;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health probes run inside real containers: the state follows what the probe finds, the
 * last probes are kept, and a container whose process is gone has no health.
 */
class HealthCheckIT extends PlatformTest {

	private JsonNode awaitHealth(String id, Predicate<String> status, String what) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			JsonNode container = this.api.get("/api/v1/containers/" + id).json();
			JsonNode health = container.get("health");
			if (health != null && status.test(health.get("status").asString())) {
				return container;
			}
			assertThat(System.nanoTime()).as(what + "; last seen: " + container).isLessThan(deadline);
			sleep(100);
		}
	}

	@Test
	void aProbeThatFailsAfterItsFileIsRemovedMakesTheContainerUnhealthyAfterItsRetries() {
		String id = this.api.createWith("probed",
				"\"network\":\"none\",\"healthcheck\":{\"test\":[\"CMD-SHELL\",\"test -f /tmp/ready && echo ok\"],"
						+ "\"interval\":\"300ms\",\"timeout\":\"5s\",\"retries\":3},",
				"sh", "-c", "touch /tmp/ready; exec sleep 600");
		JsonNode started = this.api.post("/api/v1/containers/" + id + "/start").json();
		assertThat(started.get("health").get("status").asString()).isEqualTo("starting");

		JsonNode healthy = awaitHealth(id, "healthy"::equals, "healthy while the file exists");
		JsonNode lastProbe = healthy.get("health").get("log").get(healthy.get("health").get("log").size() - 1);
		assertThat(lastProbe.get("exitCode").asInt()).isZero();
		assertThat(lastProbe.get("output").asString()).isEqualTo("ok\n");
		assertThat(lastProbe.has("start")).isTrue();
		assertThat(lastProbe.has("end")).isTrue();

		var removed = this.api.post("/api/v1/containers/" + id + "/exec", "{\"command\":[\"rm\",\"/tmp/ready\"]}");
		assertThat(removed.json().get("exitCode").asInt()).isZero();
		JsonNode unhealthy = awaitHealth(id, "unhealthy"::equals, "unhealthy after three failed probes");
		JsonNode health = unhealthy.get("health");
		assertThat(health.get("failingStreak").asInt()).isGreaterThanOrEqualTo(3);
		assertThat(health.get("log").size()).isBetween(3, 5);
		for (JsonNode probe : health.get("log")) {
			if (probe.get("exitCode").asInt() != 0) {
				assertThat(probe.get("exitCode").asInt()).isEqualTo(1);
			}
		}
		// it is listed unhealthy too
		boolean listed = false;
		for (JsonNode each : this.api.get("/api/v1/containers").json()) {
			if (each.get("id").asString().equals(id)) {
				listed = each.get("health").get("status").asString().equals("unhealthy");
			}
		}
		assertThat(listed).isTrue();

		JsonNode stopped = this.api.post("/api/v1/containers/" + id + "/stop?timeout=1").json();
		assertThat(stopped.get("state").asString()).isEqualTo("exited");
		assertThat(stopped.has("health")).as("a container that is not running has no health").isFalse();
	}

	@Test
	void malformedHealthchecksAreRefusedWithWhatToWrite() {
		int before = this.api.get("/api/v1/containers").json().size();
		var noKind = this.api.post("/api/v1/containers",
				"{\"image\":\"busybox:latest\",\"command\":[\"true\"],\"healthcheck\":{\"test\":[\"curl\",\"x\"]}}");
		assertThat(noKind.status()).isEqualTo(400);
		assertThat(noKind.json().get("detail").asString()).contains("\"CMD\", \"CMD-SHELL\" or \"NONE\"");
		var noUnit = this.api.post("/api/v1/containers",
				"{\"image\":\"busybox:latest\",\"command\":[\"true\"],\"healthcheck\":{\"test\":\"true\","
						+ "\"interval\":\"30\"}}");
		assertThat(noUnit.status()).isEqualTo(400);
		assertThat(noUnit.json().get("detail").asString()).contains("500ms, 30s or 1m30s");
		assertThat(this.api.get("/api/v1/containers").json().size()).as("nothing was created").isEqualTo(before);
	}

	@Test
	void theImagesHealthcheckIsUsedAndCanBeTurnedOff() {
		byte[] image = TestImages.busyboxWithHealthcheck("busybox-health:1",
				"{\"Test\":[\"CMD\",\"test\",\"-f\",\"/tmp/absent\"],\"Interval\":200000000,\"Retries\":2}");
		assertThat(this.api.upload("/api/v1/images/load", image).status()).isEqualTo(201);
		var created = this.api.post("/api/v1/containers",
				"{\"name\":\"image-probed\",\"image\":\"busybox-health:1\",\"network\":\"none\","
						+ "\"command\":[\"sleep\",\"600\"]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		dev.bulkhead.it.support.Api.CREATED.add(id);
		this.api.post("/api/v1/containers/" + id + "/start");
		awaitHealth(id, "unhealthy"::equals, "unhealthy by the image's own probe");

		var off = this.api.post("/api/v1/containers",
				"{\"name\":\"image-unprobed\",\"image\":\"busybox-health:1\",\"network\":\"none\","
						+ "\"healthcheck\":{\"test\":[\"NONE\"]},\"command\":[\"sleep\",\"600\"]}");
		String offId = off.json().get("id").asString();
		dev.bulkhead.it.support.Api.CREATED.add(offId);
		JsonNode running = this.api.post("/api/v1/containers/" + offId + "/start").json();
		assertThat(running.has("health")).isFalse();
		this.api.delete("/api/v1/containers/" + id + "?force=true");
		this.api.delete("/api/v1/containers/" + offId + "?force=true");
	}

}
