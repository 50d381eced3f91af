package dev.bulkhead.it.containers;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container killed by the kernel for its memory limit is reported as OOM-killed; one
 * killed by a stop timeout, which also exits 137, is not.
 */
class OutOfMemoryIT extends PlatformTest {

	private static final long LIMIT = 32L * 1024 * 1024;

	@Test
	void containerThatOutgrowsItsMemoryLimitIsReportedOomKilled() {
		// tail keeps the whole newline-free input in memory until the cgroup's limit is
		// hit.
		Api.Response created = this.api.post("/api/v1/containers",
				"{\"name\":\"hog\",\"image\":\"busybox\",\"command\":[\"sh\",\"-c\",\"head -c 256m /dev/zero | tail\"],"
						+ "\"resources\":{\"memoryBytes\":" + LIMIT + "}}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		JsonNode exit = this.api.await(id);
		assertThat(exit.get("oomKilled").asBoolean()).as(exit.toString()).isTrue();
		assertThat(exit.get("exitCode").asInt()).isNotZero();
		JsonNode inspect = this.api.get("/api/v1/containers/" + id).json();
		assertThat(inspect.get("oomKilled").asBoolean()).isTrue();
		assertThat(inspect.get("security").get("memoryBytes").asLong()).isEqualTo(LIMIT);
		// The evidence, read from the cgroup before it was removed: the peak reached the
		// limit.
		assertThat(inspect.get("memoryLimitBytes").asLong()).isEqualTo(LIMIT);
		assertThat(inspect.get("memoryPeakBytes").asLong()).as(inspect.toString()).isBetween(LIMIT * 9 / 10, LIMIT);
	}

	@Test
	void sigkillAfterAStopTimeoutIsNotAnOomKill() {
		String id = this.api.run("stopped", "sh", "-c", "while true; do sleep 0.1; done");
		JsonNode stopped = this.api.post("/api/v1/containers/" + id + "/stop?timeout=0").json();
		assertThat(stopped.get("exitCode").asInt()).isEqualTo(137);
		assertThat(stopped.get("oomKilled").asBoolean()).isFalse();
		assertThat(stopped.get("killedAfterStopTimeout").asBoolean()).isTrue();
		// Its peak stayed far below the default limit.
		assertThat(stopped.get("memoryPeakBytes").asLong()).isLessThan(stopped.get("memoryLimitBytes").asLong() / 4);
	}

}
