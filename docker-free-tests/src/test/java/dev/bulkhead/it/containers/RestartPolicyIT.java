package dev.bulkhead.it.containers;

import java.time.Duration;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restart policies on a real server: containers whose process exits are started again as
 * their policy says, counted, with a growing delay, and a user's stop is honoured.
 */
class RestartPolicyIT extends PlatformTest {

	private JsonNode inspect(String id) {
		return this.api.get("/api/v1/containers/" + id).json();
	}

	/** Polls inspect until the condition holds (or fails after the timeout). */
	private JsonNode awaitInspect(String id, Duration timeout, Predicate<JsonNode> condition, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		JsonNode last = inspect(id);
		while (!condition.test(last)) {
			assertThat(System.nanoTime()).as(what + "; last seen: " + last).isLessThan(deadline);
			sleep(50);
			last = inspect(id);
		}
		return last;
	}

	@Test
	void onFailureWithAMaximumOfTwoRestartsExactlyTwiceThenStaysExited() {
		String id = this.api.createWith("fails-thrice",
				"\"network\":\"none\",\"restartPolicy\":{\"name\":\"on-failure\",\"maximumRetryCount\":2},", "sh", "-c",
				"echo run; exit 3");
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		JsonNode done = awaitInspect(id, Duration.ofSeconds(20),
				(c) -> c.get("restartCount").asInt() == 2 && c.get("state").asString().equals("exited"),
				"two restarts, then exited");
		assertThat(done.get("exitCode").asInt()).isEqualTo(3);
		assertThat(done.get("lifecycle").get("restartPolicy").get("name").asString()).isEqualTo("on-failure");
		// the back-off would have restarted it within 0.4 s; it must stay as it is
		sleep(1500);
		JsonNode later = inspect(id);
		assertThat(later.get("restartCount").asInt()).isEqualTo(2);
		assertThat(later.get("state").asString()).isEqualTo("exited");
		assertThat(this.api.get("/api/v1/containers/" + id + "/logs").body().split("run", -1))
			.as("three runs in the log")
			.hasSize(4);
	}

	@Test
	void onFailureLeavesASuccessfulExitAlone() {
		String id = this.api.createWith("succeeds", "\"network\":\"none\",\"restartPolicy\":\"on-failure\",", "true");
		this.api.post("/api/v1/containers/" + id + "/start");
		assertThat(this.api.await(id).get("exitCode").asInt()).isZero();
		sleep(700);
		assertThat(inspect(id).get("restartCount").asInt()).isZero();
		assertThat(inspect(id).get("state").asString()).isEqualTo("exited");
	}

	@Test
	void alwaysRestartsAfterAnExitOfZeroUntilAUserStopsIt() {
		String id = this.api.createWith("always-on", "\"network\":\"none\",\"restartPolicy\":\"always\",", "sh", "-c",
				"trap 'exit 0' TERM; sleep 0.2");
		this.api.post("/api/v1/containers/" + id + "/start");
		awaitInspect(id, Duration.ofSeconds(20), (c) -> c.get("restartCount").asInt() >= 2, "restarted after exit 0");
		JsonNode stopped = this.api.post("/api/v1/containers/" + id + "/stop?timeout=5").json();
		assertThat(stopped.get("state").asString()).isEqualTo("exited");
		int count = inspect(id).get("restartCount").asInt();
		sleep(2000);
		JsonNode later = inspect(id);
		assertThat(later.get("state").asString()).as("a stop is honoured").isEqualTo("exited");
		assertThat(later.get("restartCount").asInt()).isEqualTo(count);

		// a start by a user forgets the stop and starts a new count
		JsonNode started = this.api.post("/api/v1/containers/" + id + "/start").json();
		assertThat(started.get("restartCount").asInt()).isZero();
		awaitInspect(id, Duration.ofSeconds(20), (c) -> c.get("restartCount").asInt() >= 1, "restarting again");
		assertThat(this.api.post("/api/v1/containers/" + id + "/kill?signal=KILL").status()).isIn(200, 409);
		awaitInspect(id, Duration.ofSeconds(10), (c) -> c.get("state").asString().equals("exited"), "killed");
		int afterKill = inspect(id).get("restartCount").asInt();
		sleep(1500);
		assertThat(inspect(id).get("restartCount").asInt()).as("a kill is a stop too").isEqualTo(afterKill);
		assertThat(inspect(id).get("state").asString()).isEqualTo("exited");
	}

	@Test
	void unknownPoliciesAreRefusedBeforeAnythingIsMade() {
		var response = this.api.post("/api/v1/containers",
				"{\"image\":\"busybox:latest\",\"command\":[\"true\"],\"restartPolicy\":\"sometimes\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).contains("no, on-failure, always or unless-stopped");
	}

	@Test
	void restartStopsAndStartsARunningContainer() {
		String id = this.api.createWith("restarted", "\"network\":\"none\",", "sh", "-c",
				"trap 'exit 0' TERM; while true; do sleep 0.1; done");
		JsonNode first = this.api.post("/api/v1/containers/" + id + "/start").json();
		JsonNode again = this.api.post("/api/v1/containers/" + id + "/restart?timeout=5").json();
		assertThat(again.get("state").asString()).isEqualTo("running");
		assertThat(again.get("pid").asInt()).isNotEqualTo(first.get("pid").asInt());
		assertThat(again.get("started").asString()).isNotEqualTo(first.get("started").asString());
		this.api.post("/api/v1/containers/" + id + "/stop?timeout=5");
	}

	@Test
	void renameKeepsNamesUniqueAndTheContainerFindableByItsNewName() {
		String a = this.api.create("rename-a", "true");
		this.api.create("rename-b", "true");
		var clash = this.api.post("/api/v1/containers/" + a + "/rename?name=rename-b");
		assertThat(clash.status()).isEqualTo(409);
		assertThat(clash.json().get("detail").asString()).contains("rename-b");
		var renamed = this.api.post("/api/v1/containers/" + a + "/rename?name=rename-c");
		assertThat(renamed.status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/containers/rename-c").json().get("id").asString()).isEqualTo(a);
		assertThat(this.api.get("/api/v1/containers/rename-a").status()).isEqualTo(404);
		assertThat(this.api.post("/api/v1/containers/" + a + "/rename?name=bad%20name").status()).isEqualTo(400);
	}

	@Test
	void waitReportsTheExitCodeAndNoOomKill() {
		String id = this.api.createWith("waited", "\"network\":\"none\",", "sh", "-c", "sleep 0.3; exit 4");
		this.api.post("/api/v1/containers/" + id + "/start");
		JsonNode result = this.api.await(id);
		assertThat(result.get("state").asString()).isEqualTo("exited");
		assertThat(result.get("exitCode").asInt()).isEqualTo(4);
		assertThat(result.get("oomKilled").asBoolean()).isFalse();
	}

}
