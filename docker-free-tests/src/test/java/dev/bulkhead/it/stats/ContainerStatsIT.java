package dev.bulkhead.it.stats;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resource figures of real containers match what their processes do: a busy loop under a
 * fifth of a CPU is throttled, a known amount written to tmpfs shows in the memory
 * working set, traffic shows in the network counters, and a stream follows a container
 * until it stops.
 */
class ContainerStatsIT extends PlatformTest {

	private static final long MIB = 1024L * 1024;

	@Override
	protected List<String> serverArguments() {
		// The default network is only used by the network test; keep it in this test's
		// own block.
		return List.of("--bulkhead.networks.default-subnet=10.236.7.0/24");
	}

	@Test
	void busyLoopUnderAFifthOfACpuIsThrottled() {
		String id = this.api.createWith("spinner", "\"network\":\"none\",\"resources\":{\"cpus\":0.2},", "sh", "-c",
				"while :; do :; done");
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		sleep(3000);
		Api.Response response = this.api.get("/api/v1/containers/" + id + "/stats");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode cpu = response.json().get("cpu");
		assertThat(cpu.get("limitCpus").asDouble()).isEqualTo(0.2);
		assertThat(cpu.get("periods").asLong()).isPositive();
		assertThat(cpu.get("throttledPeriods").asLong()).as(cpu.toString()).isPositive();
		assertThat(cpu.get("throttledNanos").asLong()).isPositive();
		assertThat(cpu.get("usageNanos").asLong()).isPositive();
		// a fifth of a CPU, measured over a quarter second: allow the scheduler's slack
		assertThat(cpu.get("percent").asDouble()).as(cpu.toString()).isBetween(1.0, 45.0);
		this.api.delete("/api/v1/containers/" + id + "?force=true");
	}

	@Test
	void memoryWrittenToTmpfsShowsInTheWorkingSetAndPidsAndProcessesAreListed() {
		String id = this.api.createWith("filler",
				"\"network\":\"none\",\"resources\":{\"memoryBytes\":" + (256 * MIB) + ",\"pids\":64},", "sh", "-c",
				"head -c 48m /dev/zero > /tmp/fill && echo filled && sleep 600 & wait");
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		awaitLog(id, "filled");
		JsonNode stats = this.api.get("/api/v1/containers/" + id + "/stats").json();
		JsonNode memory = stats.get("memory");
		assertThat(memory.get("limitBytes").asLong()).isEqualTo(256 * MIB);
		assertThat(memory.get("workingSetBytes").asLong()).as(memory.toString()).isBetween(48 * MIB, 72 * MIB);
		assertThat(memory.get("usageBytes").asLong()).isGreaterThanOrEqualTo(memory.get("workingSetBytes").asLong());
		assertThat(memory.get("peakBytes").asLong()).isGreaterThanOrEqualTo(48 * MIB);
		assertThat(stats.get("pids").get("limit").asLong()).isEqualTo(64);
		assertThat(stats.get("pids").get("current").asLong()).isBetween(2L, 4L);
		assertThat(stats.get("blockIo")).isNotNull();

		Api.Response top = this.api.get("/api/v1/containers/" + id + "/top");
		assertThat(top.status()).as(top.body()).isEqualTo(200);
		List<String> commands = new ArrayList<>();
		for (JsonNode process : top.json()) {
			commands.add(process.get("command").asString());
			assertThat(process.get("uid").asLong()).isEqualTo(65534);
		}
		assertThat(commands).anyMatch((command) -> command.startsWith("sh -c head -c 48m"))
			.anyMatch((command) -> command.equals("sleep 600"));
		JsonNode main = top.json().get(0);
		assertThat(main.get("containerPid").asInt()).isEqualTo(1);
		this.api.delete("/api/v1/containers/" + id + "?force=true");
	}

	@Test
	void trafficFromTheContainerShowsInItsNetworkCounters() {
		// Connections to the gateway's discard port are refused: packets both ways, no
		// service needed.
		String id = this.api.run("talker", "sh", "-c",
				"while :; do nc -w 1 10.236.7.1 9 </dev/null >/dev/null 2>&1; sleep 0.2; done");
		sleep(2500);
		JsonNode network = this.api.get("/api/v1/containers/" + id + "/stats").json().get("network");
		assertThat(network.get("txPackets").asLong()).as(network.toString()).isPositive();
		assertThat(network.get("txBytes").asLong()).isPositive();
		assertThat(network.get("rxPackets").asLong()).isPositive();
		this.api.delete("/api/v1/containers/" + id + "?force=true");
	}

	@Test
	void streamSendsAReadingEverySecondAndEndsWhenTheContainerStops() throws Exception {
		String id = this.api.createWith("streamed", "\"network\":\"none\",", "sh", "-c", "while :; do sleep 1; done");
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		HttpResponse<InputStream> response = HttpClient.newHttpClient()
			.send(this.api.authorized("/api/v1/containers/" + id + "/stats?stream=true")
				.header("Accept", "text/event-stream")
				.timeout(Duration.ofSeconds(60))
				.build(), HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		List<String> events = new ArrayList<>();
		List<JsonNode> readings = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String event = null;
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("event: ")) {
					event = line.substring(7);
					events.add(event);
				}
				else if (line.startsWith("data: ") && "stats".equals(event)) {
					readings.add(Api.JSON.readTree(line.substring(6)));
					if (readings.size() == 3) {
						this.api.post("/api/v1/containers/" + id + "/stop?timeout=1");
					}
				}
			}
		}
		assertThat(readings.size()).isGreaterThanOrEqualTo(3);
		assertThat(readings.get(1).get("cpu").has("percent")).isTrue();
		assertThat(events.get(events.size() - 1)).isEqualTo("end");
		assertThat(this.api.get("/api/v1/containers/" + id + "/stats").status()).isEqualTo(409);
		this.api.delete("/api/v1/containers/" + id + "?force=true");
	}

	private void awaitLog(String id, String text) {
		for (int i = 0; i < 100; i++) {
			if (this.api.get("/api/v1/containers/" + id + "/logs").body().contains(text)) {
				return;
			}
			sleep(100);
		}
		throw new AssertionError("no '" + text + "' in the log of " + id);
	}

}
