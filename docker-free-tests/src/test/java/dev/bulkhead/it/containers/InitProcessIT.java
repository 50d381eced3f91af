package dev.bulkhead.it.containers;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code init: true} runs catatonit as PID 1: orphaned processes that exit are reaped,
 * and the stop signal reaches the command.
 */
class InitProcessIT extends PlatformTest {

	/** Leaves three orphans that exit at once, under a PID 1 that never reaps. */
	private static final String ORPHANS = "for i in 1 2 3; do (sleep 0.1 &); done; exec sleep 600";

	@BeforeAll
	void needsCatatonit() {
		Assumptions.assumeTrue(HostState.onPath("catatonit"), "needs catatonit (apt-get install catatonit)");
	}

	private int zombies(String id) {
		JsonNode result = this.api
			.post("/api/v1/containers/" + id + "/exec",
					"{\"command\":[\"sh\",\"-c\",\"cat /proc/[0-9]*/status 2>/dev/null | grep '^State:'\"]}")
			.json();
		return (int) result.get("stdout").asString().lines().filter((line) -> line.contains("zombie")).count();
	}

	@Test
	void orphansThatExitAreReapedByTheInit() {
		String withInit = this.api.createWith("with-init", "\"network\":\"none\",\"init\":true,", "sh", "-c", ORPHANS);
		String without = this.api.createWith("without-init", "\"network\":\"none\",", "sh", "-c", ORPHANS);
		this.api.post("/api/v1/containers/" + withInit + "/start");
		this.api.post("/api/v1/containers/" + without + "/start");
		sleep(1000);
		assertThat(zombies(without)).as("without an init the orphans stay zombies (the check can fail)").isEqualTo(3);
		assertThat(zombies(withInit)).as("the init reaps them").isZero();
		JsonNode pid1 = this.api
			.post("/api/v1/containers/" + withInit + "/exec", "{\"command\":[\"cat\",\"/proc/1/cmdline\"]}")
			.json();
		assertThat(pid1.get("stdout").asString()).startsWith("/.bulkhead/init");
		JsonNode inspected = this.api.get("/api/v1/containers/" + withInit).json();
		assertThat(inspected.get("lifecycle").get("init").asBoolean()).isTrue();
	}

	@Test
	void theStopSignalReachesTheCommandUnderTheInit() {
		String id = this.api.createWith("init-term", "\"network\":\"none\",\"init\":true,", "sh", "-c",
				"trap 'echo got-term; exit 0' TERM; while true; do sleep 0.1; done");
		this.api.post("/api/v1/containers/" + id + "/start");
		sleep(300);
		JsonNode stopped = this.api.post("/api/v1/containers/" + id + "/stop?timeout=10").json();
		assertThat(stopped.get("exitCode").asInt()).isZero();
		assertThat(stopped.get("killedAfterStopTimeout").asBoolean()).isFalse();
		assertThat(this.api.get("/api/v1/containers/" + id + "/logs").body()).contains("got-term");
	}

}
