package dev.bulkhead.it.events;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's events through the API, with real containers: a container that fails is
 * seen created, started, dead with its exit code, restarted by its policy and dead again;
 * a follower of the stream hears a stop as it happens; another team hears nothing of it;
 * and the history is still there after the server restarts on the same data root.
 */
class ContainerEventsIT {

	private static final String PASSWORD = "a long enough passphrase";

	@Test
	void aFailingContainersEventsAreListedStreamedScopedAndKeptAcrossARestart() throws Exception {
		Assumptions.assumeTrue(HostState.canRunContainers(), "needs root with runc and conmon installed");
		Path roots = Files.createTempDirectory("bulkhead-it-events-");
		Path data = roots.resolve("data");
		Path run = roots.resolve("run");
		String flaky;
		String sleeper;
		List<String> before;
		try (BulkheadServer server = new BulkheadServer(data, run).start()) {
			Api admin = new Api(server.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
			assertThat(admin.upload("/api/v1/images/load", TestImages.busyboxTar()).status()).isEqualTo(201);
			Api bea = member(admin, server, "bea", "blue");
			Api gus = member(admin, server, "gus", "green");

			flaky = bea.createWith("flaky", "\"network\":\"none\",\"restartPolicy\":\"on-failure:1\",", "sh", "-c",
					"exit 3");
			assertThat(bea.post("/api/v1/containers/" + flaky + "/start").status()).isEqualTo(200);
			await(() -> {
				JsonNode c = bea.get("/api/v1/containers/" + flaky).json();
				return c.get("restartCount").asInt() == 1 && c.get("state").asString().equals("exited");
			}, "on-failure:1 restarted it once and it failed again");

			JsonNode events = bea.get("/api/v1/events?container=flaky").json();
			assertThat(actions(events)).containsExactly("create", "start", "die", "restart", "start", "die");
			JsonNode firstDeath = events.get(2);
			assertThat(firstDeath.get("actor").get("id").asString()).isEqualTo(flaky);
			assertThat(firstDeath.get("actor").get("attributes").get("exitCode").asString()).isEqualTo("3");
			assertThat(firstDeath.get("actor").get("attributes").get("team").asString()).isEqualTo("blue");
			JsonNode restart = events.get(3).get("actor").get("attributes");
			assertThat(restart.get("restartPolicy").asString()).isEqualTo("on-failure");
			assertThat(restart.get("restartCount").asString()).isEqualTo("1");
			assertThat(restart.get("maximumRetryCount").asString()).isEqualTo("1");
			assertThat(bea.get("/api/v1/containers/flaky/events?action=die").json()).hasSize(2);

			// following: a stop is heard as it happens
			sleeper = bea.createWith("sleeper", "\"network\":\"none\",", "sleep", "600");
			assertThat(bea.post("/api/v1/containers/" + sleeper + "/start").status()).isEqualTo(200);
			List<String> heard = new CopyOnWriteArrayList<>();
			AtomicReference<Stream<String>> stream = follow(
					bea.authorized("/api/v1/events?container=" + sleeper).header("Accept", "text/event-stream").build(),
					heard);
			List<String> outsiderHeard = new CopyOnWriteArrayList<>();
			AtomicReference<Stream<String>> outsiderStream = follow(
					gus.authorized("/api/v1/events?stream=true").build(), outsiderHeard);
			await(() -> heard.contains("retry: 1000") && outsiderHeard.contains("retry: 1000"), "both streams open");
			assertThat(bea.post("/api/v1/containers/" + sleeper + "/stop?timeout=1").status()).isEqualTo(200);
			await(() -> String.join("\n", heard).contains("\"action\":\"stop\""), "the stop is streamed");
			String streamed = String.join("\n", heard);
			assertThat(streamed).contains("\"action\":\"kill\"", "\"action\":\"die\"", "\"signal\":\"TERM\"");
			assertThat(streamed.indexOf("\"action\":\"die\"")).isLessThan(streamed.indexOf("\"action\":\"stop\""));
			Thread.sleep(1500);
			assertThat(outsiderHeard).as("the other team's stream is alive").contains(": keep-alive");
			assertThat(String.join("\n", outsiderHeard)).doesNotContain(sleeper).doesNotContain("sleeper");
			stream.get().close();
			outsiderStream.get().close();

			// another team sees none of it, and naming the container answers 404
			String everything = gus.get("/api/v1/events?limit=1000").body();
			assertThat(everything).doesNotContain(flaky).doesNotContain(sleeper).doesNotContain("flaky");
			assertThat(gus.get("/api/v1/events?container=" + flaky).status()).isEqualTo(404);
			assertThat(gus.get("/api/v1/containers/" + flaky + "/events").status()).isEqualTo(404);
			assertThat(admin.get("/api/v1/events?container=" + flaky).json()).hasSize(6);

			// a team's volume is its own; images are shared, so their events are
			// everyone's
			assertThat(bea.post("/api/v1/volumes", "{\"name\":\"blue-data\"}").status()).isEqualTo(201);
			assertThat(bea.get("/api/v1/events?type=volume").json().findValuesAsString("id"))
				.containsExactly("blue-data");
			assertThat(gus.get("/api/v1/events?type=volume").json()).isEmpty();
			assertThat(bea.get("/api/v1/events?type=image&action=load").json()).hasSize(1);
			assertThat(gus.get("/api/v1/events?type=image&action=load").json()).hasSize(1);
			assertThat(bea.delete("/api/v1/volumes/blue-data").status()).isEqualTo(204);

			before = bea.get("/api/v1/events?limit=1000").json().findValuesAsString("time");
		}

		try (BulkheadServer second = new BulkheadServer(data, run).start()) {
			Api bea = new Api(second.baseUrl()).login("bea", PASSWORD);
			List<String> after = bea.get("/api/v1/events?limit=1000").json().findValuesAsString("time");
			assertThat(after).as("the history survives the restart").startsWith(before.toArray(String[]::new));
			assertThat(actions(bea.get("/api/v1/events?container=flaky").json())).containsExactly("create", "start",
					"die", "restart", "start", "die");
			assertThat(bea.delete("/api/v1/containers/" + flaky).status()).isEqualTo(204);
			assertThat(bea.delete("/api/v1/containers/" + sleeper).status()).isEqualTo(204);
			JsonNode destroyed = bea.get("/api/v1/events?action=destroy").json();
			assertThat(destroyed.findValuesAsString("id")).contains(flaky, sleeper);
			// a removed container's history stays its team's
			assertThat(actions(bea.get("/api/v1/events?type=container").json())).contains("create", "destroy");
			Api gus = new Api(second.baseUrl()).login("gus", PASSWORD);
			assertThat(gus.get("/api/v1/events?limit=1000").body()).doesNotContain(flaky).doesNotContain(sleeper);
		}
		assertThat(Files.exists(data.resolve("events/events.jsonl"))).isTrue();
		List<String> ids = List.of(flaky, sleeper);
		assertThat(HostState.mountsUnder(roots)).isEmpty();
		assertThat(HostState.runcContainers(run)).isEmpty();
		assertThat(HostState.conmonProcesses(run)).isEmpty();
		assertThat(HostState.cgroupsOf(ids)).isEmpty();
		HostState.deleteRoots(roots);
	}

	/** Reads the stream's lines into {@code heard} on another thread; close to leave. */
	private static AtomicReference<Stream<String>> follow(HttpRequest request, List<String> heard) {
		AtomicReference<Stream<String>> body = new AtomicReference<>();
		java.net.http.HttpClient.newHttpClient()
			.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
			.thenAcceptAsync((response) -> {
				body.set(response.body());
				try {
					response.body().forEach(heard::add);
				}
				catch (RuntimeException ex) {
					// closed by the test
				}
			});
		return body;
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

	private static Api member(Api admin, BulkheadServer server, String username, String team) {
		assertThat(admin.post("/api/v1/teams", "{\"name\":\"" + team + "\"}").status()).isEqualTo(201);
		assertThat(admin.post("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}")
			.status()).isEqualTo(201);
		assertThat(admin
			.send(admin.authorized("/api/v1/teams/" + team + "/members/" + username)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"developer\"}")))
			.status()).isEqualTo(200);
		return new Api(server.baseUrl()).login(username, PASSWORD);
	}

	private static void await(BooleanSupplier condition, String what) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(what).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

}
