package dev.bulkhead.it.networks;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Networks belong to teams on a real server: another team's network does not exist for
 * you (404, absent from the list), no container of another team can join or be connected
 * to it, and the shared default network is changed by administrators only.
 */
class TeamNetworksIT extends PlatformTest {

	private static final String PASSWORD = "a long enough passphrase";

	@Override
	protected List<String> serverArguments() {
		return List.of("--bulkhead.networks.default-subnet=10.231.254.0/24");
	}

	@Test
	void anotherTeamsNetworkIsInvisibleAndCannotBeJoinedAndTheDefaultNetworkIsAdminOnly() {
		Api alice = member("alice", "team-a");
		Api bob = member("bob", "team-b");
		Api.Response made = alice.post("/api/v1/networks", "{\"name\":\"a-net\",\"subnet\":\"10.231.15.0/24\"}");
		assertThat(made.status()).as(made.body()).isEqualTo(201);
		assertThat(made.json().get("team").asString()).as("the creator's only team").isEqualTo("team-a");
		assertThat(alice.get("/api/v1/networks/a-net").status()).isEqualTo(200);

		Api.Response hidden = bob.get("/api/v1/networks/a-net");
		assertThat(hidden.status()).as(hidden.body()).isEqualTo(404);
		assertThat(hidden.body())
			.isEqualTo(bob.get("/api/v1/networks/never-made").body().replace("never-made", "a-net"));
		assertThat(bob.get("/api/v1/networks").json().findValuesAsString("name")).doesNotContain("a-net");
		assertThat(bob.delete("/api/v1/networks/a-net").status()).isEqualTo(404);
		Api.Response join = bob.post("/api/v1/containers",
				"{\"name\":\"intruder\",\"image\":\"" + TestImages.BUSYBOX + "\",\"network\":\"a-net\"}");
		assertThat(join.status()).as(join.body()).isEqualTo(404);

		Api.Response adminJoin = this.api.post("/api/v1/containers", "{\"name\":\"admins-box\",\"team\":\"default\","
				+ "\"image\":\"" + TestImages.BUSYBOX + "\",\"network\":\"a-net\"}");
		assertThat(adminJoin.status()).as(adminJoin.body()).isEqualTo(403);
		assertThat(adminJoin.body()).contains("belongs to team 'team-a'");

		String bobs = bob.run("bobs-box", "sleep", "60");
		Api.Response connect = bob.post("/api/v1/networks/a-net/connect", "{\"container\":\"bobs-box\"}");
		assertThat(connect.status()).as(connect.body()).isEqualTo(404);
		assertThat(bob.get("/api/v1/containers/" + bobs).json().get("networks")).hasSize(1);

		assertThat(alice.get("/api/v1/networks").json().findValuesAsString("name")).contains("a-net", "bulkhead");
		Api.Response shared = alice.delete("/api/v1/networks/bulkhead");
		assertThat(shared.status()).as(shared.body()).isEqualTo(403);
		assertThat(shared.body()).contains("only an administrator");
		assertThat(alice.delete("/api/v1/networks/a-net").status()).isEqualTo(204);
	}

	private Api member(String username, String team) {
		if (this.api.get("/api/v1/teams").json().findValuesAsString("name").stream().noneMatch(team::equals)) {
			expect(this.api.post("/api/v1/teams", "{\"name\":\"" + team + "\"}"), 201);
		}
		expect(this.api.post("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}"),
				201);
		expect(this.api.send(this.api.authorized("/api/v1/teams/" + team + "/members/" + username)
			.header("Content-Type", "application/json")
			.PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"role\":\"developer\"}"))), 200);
		return new Api(this.server.baseUrl()).login(username, PASSWORD);
	}

	private static void expect(Api.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
	}

}
