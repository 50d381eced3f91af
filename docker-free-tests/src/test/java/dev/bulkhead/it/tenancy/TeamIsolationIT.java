package dev.bulkhead.it.tenancy;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two users in two teams on one real server: a running container of one team does not
 * exist for the other (404 on inspect and stop, absent from the list), while its own team
 * sees and stops it.
 */
class TeamIsolationIT extends PlatformTest {

	private static final String PASSWORD = "a long enough passphrase";

	@Test
	void anotherTeamCannotSeeOrStopARunningContainer() {
		Api alice = member("alice", "team-a");
		Api bob = member("bob", "team-b");
		String id = alice.run("alices-box", "sh", "-c", "while true; do sleep 0.1; done");
		assertThat(alice.get("/api/v1/containers/" + id).json().get("state").asString()).isEqualTo("running");

		for (String reference : new String[] { id, "alices-box", id.substring(0, 12) }) {
			Api.Response inspect = bob.get("/api/v1/containers/" + reference);
			assertThat(inspect.status()).as(inspect.body()).isEqualTo(404);
			assertThat(inspect.body()).doesNotContain("running");
		}
		Api.Response stop = bob.post("/api/v1/containers/" + id + "/stop?timeout=1");
		assertThat(stop.status()).as(stop.body()).isEqualTo(404);
		assertThat(bob.post("/api/v1/containers/" + id + "/kill").status()).isEqualTo(404);
		assertThat(bob.delete("/api/v1/containers/" + id + "?force=true").status()).isEqualTo(404);
		assertThat(bob.get("/api/v1/containers/" + id + "/logs").status()).isEqualTo(404);
		assertThat(ids(bob.get("/api/v1/containers").json())).doesNotContain(id);
		assertThat(alice.get("/api/v1/containers/" + id).json().get("state").asString())
			.as("bob's attempts left it running")
			.isEqualTo("running");

		assertThat(ids(alice.get("/api/v1/containers").json())).contains(id);
		assertThat(ids(this.api.get("/api/v1/containers").json())).as("the administrator sees every team").contains(id);
		Api.Response stopped = alice.post("/api/v1/containers/" + id + "/stop?timeout=1");
		assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
		assertThat(stopped.json().get("state").asString()).isEqualTo("exited");
	}

	@Test
	void aViewerSeesTheTeamsContainerButCannotStopIt() {
		Api owner = member("carol", "team-c");
		Api viewer = member("victor", "team-c", "viewer");
		String id = owner.run("carols-box", "sh", "-c", "while true; do sleep 0.1; done");
		assertThat(viewer.get("/api/v1/containers/" + id).status()).isEqualTo(200);
		assertThat(ids(viewer.get("/api/v1/containers").json())).contains(id);
		Api.Response stop = viewer.post("/api/v1/containers/" + id + "/stop?timeout=1");
		assertThat(stop.status()).as(stop.body()).isEqualTo(403);
		assertThat(owner.post("/api/v1/containers/" + id + "/kill").status()).isEqualTo(200);
	}

	private Api member(String username, String team) {
		return member(username, team, "developer");
	}

	private Api member(String username, String team, String role) {
		if (this.api.get("/api/v1/teams").json().findValuesAsString("name").stream().noneMatch(team::equals)) {
			expect(this.api.post("/api/v1/teams", "{\"name\":\"" + team + "\"}"), 201);
		}
		expect(this.api.post("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}"),
				201);
		expect(this.api.send(this.api.authorized("/api/v1/teams/" + team + "/members/" + username)
			.header("Content-Type", "application/json")
			.PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\"}"))), 200);
		return new Api(this.server.baseUrl()).login(username, PASSWORD);
	}

	private static void expect(Api.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
	}

	private static java.util.List<String> ids(JsonNode containers) {
		return containers.findValuesAsString("id");
	}

}
