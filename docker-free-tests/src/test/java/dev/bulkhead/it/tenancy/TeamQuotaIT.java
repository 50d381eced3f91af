package dev.bulkhead.it.tenancy;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Team quotas on a real server: concurrent creates cannot overshoot the container count
 * or the CPU sum, and the memory quota counts the limits of the team's containers.
 */
class TeamQuotaIT extends PlatformTest {

	private static final String PASSWORD = "a long enough passphrase";

	@Test
	void concurrentCreatesStopExactlyAtTheContainerQuota() throws Exception {
		Api quinn = developerOfNewTeam("quinn", "team-q", "{\"containers\":2}");
		List<Api.Response> responses = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<Api.Response>> futures = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				String body = "{\"name\":\"q-" + i + "\",\"image\":\"" + TestImages.BUSYBOX
						+ "\",\"command\":[\"true\"]}";
				futures.add(pool.submit(() -> quinn.post("/api/v1/containers", body)));
			}
			for (Future<Api.Response> future : futures) {
				responses.add(future.get());
			}
		}
		finally {
			pool.shutdownNow();
		}
		responses.stream()
			.filter((r) -> r.status() == 201)
			.forEach((r) -> Api.CREATED.add(r.json().get("id").asString()));
		assertThat(responses.stream().filter((r) -> r.status() == 201)).hasSize(2);
		assertThat(responses.stream().filter((r) -> r.status() == 403)).hasSize(4)
			.allSatisfy((r) -> assertThat(r.body()).contains("has 2 of its 2 containers"));
	}

	@Test
	void concurrentCreatesStopExactlyAtTheCpuQuota() throws Exception {
		Api cora = developerOfNewTeam("cora", "team-c", "{\"cpus\":1}");
		List<Api.Response> responses = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Api.Response>> futures = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				String body = "{\"name\":\"c-" + i + "\",\"image\":\"" + TestImages.BUSYBOX
						+ "\",\"command\":[\"true\"],\"resources\":{\"cpus\":0.25}}";
				futures.add(pool.submit(() -> cora.post("/api/v1/containers", body)));
			}
			for (Future<Api.Response> future : futures) {
				responses.add(future.get());
			}
		}
		finally {
			pool.shutdownNow();
		}
		responses.stream()
			.filter((r) -> r.status() == 201)
			.forEach((r) -> Api.CREATED.add(r.json().get("id").asString()));
		assertThat(responses.stream().filter((r) -> r.status() == 201)).hasSize(4);
		assertThat(responses.stream().filter((r) -> r.status() == 403)).hasSize(4)
			.allSatisfy(
					(r) -> assertThat(r.body()).contains("uses 1 of its 1 CPUs quota").contains("asks for 0.25 CPUs"));
		// A container without a CPU limit counts as the server's default of one CPU.
		Api.Response unlimited = cora.post("/api/v1/containers",
				"{\"name\":\"c-default\",\"image\":\"" + TestImages.BUSYBOX + "\"}");
		assertThat(unlimited.status()).as(unlimited.body()).isEqualTo(403);
		assertThat(unlimited.body()).contains("asks for 1 CPUs");
	}

	@Test
	void theMemoryQuotaCountsTheLimitsOfTheTeamsContainers() {
		Api mia = developerOfNewTeam("mia", "team-m", "{\"memoryBytes\":" + (128L << 20) + "}");
		String sixtyFour = "\"resources\":{\"memoryBytes\":" + (64L << 20) + "}";
		for (int i = 0; i < 2; i++) {
			Api.Response created = mia.post("/api/v1/containers",
					"{\"name\":\"m-" + i + "\",\"image\":\"" + TestImages.BUSYBOX + "\"," + sixtyFour + "}");
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			Api.CREATED.add(created.json().get("id").asString());
		}
		Api.Response refused = mia.post("/api/v1/containers",
				"{\"name\":\"m-2\",\"image\":\"" + TestImages.BUSYBOX + "\"," + sixtyFour + "}");
		assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		assertThat(refused.body()).contains("uses 128 MiB of its 128 MiB").contains("asks for 64 MiB");
	}

	private Api developerOfNewTeam(String username, String team, String quota) {
		expect(this.api.post("/api/v1/teams", "{\"name\":\"" + team + "\"}"), 201);
		expect(this.api.post("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}"),
				201);
		expect(put("/api/v1/teams/" + team + "/members/" + username, "{\"role\":\"developer\"}"), 200);
		expect(put("/api/v1/teams/" + team + "/quota", quota), 200);
		return new Api(this.server.baseUrl()).login(username, PASSWORD);
	}

	private Api.Response put(String path, String json) {
		return this.api.send(this.api.authorized(path)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static void expect(Api.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
	}

}
