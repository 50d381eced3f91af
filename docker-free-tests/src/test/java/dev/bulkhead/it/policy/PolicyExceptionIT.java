package dev.bulkhead.it.policy;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.ProbeImages;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exception workflow on a real server with real containers: a request refused at the
 * restricted level is admitted once an admin grants the exception to the team, the
 * container really runs with the capability and its inspect names the exception; after
 * the exception expires the same request is refused again; the audit trail has the
 * grants, the uses and the refusals.
 */
class PolicyExceptionIT extends PlatformTest {

	private static final String PASSWORD = "a long enough passphrase";

	private static final String REFUSAL = "security.capAdd[0]: capability SYS_PTRACE is not allowed at level "
			+ "restricted; drop it (only NET_BIND_SERVICE is open to everyone), or ask an admin for the exception "
			+ "cap-add:SYS_PTRACE";

	@Test
	void anExceptionGrantedToTheTeamAdmitsSysPtraceUntilItExpires() throws Exception {
		expect(this.api.post("/api/v1/teams", "{\"name\":\"tracers\"}"), 201);
		expect(this.api.post("/api/v1/users", "{\"username\":\"tess\",\"password\":\"" + PASSWORD + "\"}"), 201);
		expect(put("/api/v1/teams/tracers/members/tess", "{\"role\":\"developer\"}"), 200);
		Api tess = new Api(this.server.baseUrl()).login("tess", PASSWORD);

		Api.Response refused = tess.post("/api/v1/containers", tracer("tracer-1"));
		expect(refused, 403);
		assertThat(refused.json().get("detail").asString()).isEqualTo(REFUSAL);
		JsonNode verdict = tess.post("/api/v1/policy/evaluate", tracer("tracer-1")).json();
		assertThat(verdict.get("allowed").asBoolean()).isFalse();
		assertThat(verdict.get("violations").get(0).get("relaxation").asString()).isEqualTo("cap-add:SYS_PTRACE");

		Api.Response granted = this.api.post("/api/v1/policy/exceptions", "{\"relaxation\":\"cap-add:SYS_PTRACE\","
				+ "\"team\":\"tracers\",\"reason\":\"debugging a deadlock\",\"expiresInSeconds\":3600}");
		expect(granted, 201);
		long grantId = granted.json().get("id").asLong();

		Api.Response created = tess.post("/api/v1/containers", tracer("tracer-1"));
		expect(created, 201);
		String id = created.json().get("id").asString();
		Api.CREATED.add(id);
		JsonNode security = tess.get("/api/v1/containers/" + id).json().get("security");
		assertThat(security.get("capabilities").get(0).asString()).isEqualTo("CAP_SYS_PTRACE");
		assertThat(security.get("seccomp").asString()).isEqualTo("default");
		assertThat(security.get("readOnlyRootfs").asBoolean()).isTrue();
		assertThat(security.get("noNewPrivileges").asBoolean()).isTrue();
		assertThat(security.get("uid").asLong()).isEqualTo(65534);
		JsonNode exception = security.get("exceptions").get(0);
		assertThat(exception.get("id").asLong()).isEqualTo(grantId);
		assertThat(exception.get("relaxation").asString()).isEqualTo("cap-add:SYS_PTRACE");
		assertThat(exception.get("grantedTo").asString()).isEqualTo("team:tracers");
		assertThat(exception.get("reason").asString()).isEqualTo("debugging a deadlock");
		assertThat(exception.get("expiresAt").asString()).isEqualTo(granted.json().get("expiresAt").asString());

		expect(tess.post("/api/v1/containers/" + id + "/start"), 200);
		tess.await(id);
		// CAP_SYS_PTRACE is capability 19: bit 0x80000, effective for the non-root user.
		assertThat(tess.get("/api/v1/containers/" + id + "/logs").body())
			.isEqualTo("CapEff:\t0000000000080000\nCapAmb:\t0000000000080000\n");

		// The capability is usable: the seccomp filter lets ptrace through with it.
		expect(this.api.upload("/api/v1/images/load", ProbeImages.ptraceProbeTar()), 201);
		Api.Response probe = tess.post("/api/v1/containers",
				"{\"name\":\"tracer-probe\",\"team\":\"tracers\"," + "\"image\":\"" + ProbeImages.PTRACE
						+ "\",\"command\":[\"/ptrace-probe\"]," + "\"security\":{\"capAdd\":[\"SYS_PTRACE\"]}}");
		expect(probe, 201);
		String probeId = probe.json().get("id").asString();
		Api.CREATED.add(probeId);
		expect(tess.post("/api/v1/containers/" + probeId + "/start"), 200);
		tess.await(probeId);
		assertThat(tess.get("/api/v1/containers/" + probeId + "/logs").body()).isEqualTo("ptrace attach: attached\n");

		expect(this.api.delete("/api/v1/policy/exceptions/" + grantId), 204);
		Api.Response shortLived = this.api.post("/api/v1/policy/exceptions", "{\"relaxation\":\"cap-add:SYS_PTRACE\","
				+ "\"team\":\"tracers\",\"reason\":\"one more look\",\"expiresInSeconds\":2}");
		expect(shortLived, 201);
		Api.Response beforeExpiry = tess.post("/api/v1/containers", tracer("tracer-2"));
		expect(beforeExpiry, 201);
		Api.CREATED.add(beforeExpiry.json().get("id").asString());
		sleep(2500);
		Api.Response afterExpiry = tess.post("/api/v1/containers", tracer("tracer-3"));
		expect(afterExpiry, 403);
		assertThat(afterExpiry.json().get("detail").asString()).isEqualTo(REFUSAL);
		JsonNode listed = tess.get("/api/v1/policy/exceptions").json();
		assertThat(listed.get(0).get("id").asLong()).isEqualTo(shortLived.json().get("id").asLong());
		assertThat(listed.get(0).get("active").asBoolean()).isFalse();

		List<String> events = new ArrayList<>();
		for (JsonNode event : this.api.get("/api/v1/audit?action=policy.").json()) {
			events.add(event.get("actor").asString() + " " + event.get("action").asString() + " "
					+ event.get("target").asString() + " " + event.get("outcome").asString());
		}
		assertThat(events).containsExactly("tess policy.deny team/tracers/container/tracer-1 denied",
				"admin policy.exception.grant exception/" + grantId + " success",
				"tess policy.exception.use team/tracers/container/tracer-1 success",
				"tess policy.exception.use team/tracers/container/tracer-probe success",
				"admin policy.exception.revoke exception/" + grantId + " success",
				"admin policy.exception.grant exception/" + shortLived.json().get("id").asLong() + " success",
				"tess policy.exception.use team/tracers/container/tracer-2 success",
				"tess policy.deny team/tracers/container/tracer-3 denied");
	}

	private static String tracer(String name) {
		return "{\"name\":\"" + name + "\",\"team\":\"tracers\",\"image\":\"" + TestImages.BUSYBOX + "\","
				+ "\"command\":[\"grep\",\"-E\",\"^Cap(Eff|Amb)\",\"/proc/self/status\"],"
				+ "\"security\":{\"capAdd\":[\"SYS_PTRACE\"]}}";
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
