package dev.bulkhead.it.tenancy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.LocalRegistry;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted session on a real server: an administrator sets up a team and a user, the
 * user signs in, pulls from a registry that needs a login, creates and removes a
 * container, gets a password wrong, is reset, and uses a revoked token. The audit trail
 * holds those actions in order with the right actors, and no secret used on the way (the
 * passwords, tried and real, the tokens, the registry password) appears in the server's
 * log file, in the audit records or in their exports.
 */
class AuditSessionIT extends PlatformTest {

	private static final String REGISTRY_USER = "audit-puller";

	private static final String REGISTRY_PASSWORD = "registry-secret-93b1";

	private static final String FIRST_PASSWORD = "sams first passphrase 7c2";

	private static final String WRONG_PASSWORD = "sams mistyped passphrase 51d";

	private static final String RESET_PASSWORD = "sams reset passphrase e88";

	private LocalRegistry registry;

	@Override
	protected List<String> serverArguments() {
		Assumptions.assumeTrue(LocalRegistry.available(),
				"needs docker-registry, skopeo and apache2-utils (the CI script installs them)");
		this.registry = LocalRegistry.withBasicAuth(REGISTRY_USER, REGISTRY_PASSWORD);
		TestImages.busyboxTar();
		this.registry.push(Path.of("target", "images", "busybox.tar").toAbsolutePath(), "audited/busybox:1.0");
		// Everything the server logs about itself, at debug level, is scanned below.
		return List.of("--bulkhead.registries.insecure=" + this.registry.host(),
				"--bulkhead.registries.credentials[" + this.registry.host() + "].username=" + REGISTRY_USER,
				"--bulkhead.registries.credentials[" + this.registry.host() + "].password=" + REGISTRY_PASSWORD,
				"--logging.level.dev.bulkhead=DEBUG");
	}

	@AfterAll
	void stopRegistry() {
		if (this.registry != null) {
			this.registry.close();
		}
	}

	@Test
	void aScriptedSessionIsAuditedInOrderAndNoSecretIsLoggedOrRecorded() throws Exception {
		List<String> secrets = new ArrayList<>(List.of(BulkheadServer.ADMIN_PASSWORD, REGISTRY_PASSWORD, FIRST_PASSWORD,
				WRONG_PASSWORD, RESET_PASSWORD));
		expect(this.api.post("/api/v1/teams", "{\"name\":\"audited\"}"), 201);
		JsonNode sam = expect(
				this.api.post("/api/v1/users", "{\"username\":\"sam\",\"password\":\"" + FIRST_PASSWORD + "\"}"), 201)
			.json();
		expect(this.api.send(this.api.authorized("/api/v1/teams/audited/members/sam")
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"developer\"}"))), 200);

		JsonNode samToken = expect(mint("sam", FIRST_PASSWORD), 201).json();
		String token = samToken.get("token").asString();
		secrets.add(token);
		String reference = this.registry.host() + "/audited/busybox:1.0";
		Api.Response pulled = as(token, "POST", "/api/v1/images/pull", "{\"reference\":\"" + reference + "\"}");
		expect(pulled, 200);
		assertThat(pulled.body()).doesNotContain("\"error\"");
		JsonNode created = expect(
				as(token, "POST", "/api/v1/containers", "{\"name\":\"audited-box\",\"team\":\"audited\",\"image\":\""
						+ reference + "\",\"command\":[\"true\"]}"),
				201)
			.json();
		Api.CREATED.add(created.get("id").asString());
		expect(as(token, "DELETE", "/api/v1/containers/audited-box", null), 204);

		expect(mint("sam", WRONG_PASSWORD), 401);
		expect(this.api.post("/api/v1/users/" + sam.get("id").asLong() + "/password",
				"{\"password\":\"" + RESET_PASSWORD + "\"}"), 200);
		expect(as(token, "DELETE", "/api/v1/tokens/" + samToken.get("id").asLong(), null), 204);
		expect(as(token, "GET", "/api/v1/containers", null), 401);
		JsonNode again = expect(mint("sam", RESET_PASSWORD), 201).json();
		secrets.add(again.get("token").asString());

		List<String> trail = new ArrayList<>();
		for (JsonNode event : this.api.get("/api/v1/audit?limit=500").json()) {
			trail.add(event.get("actor").asString("-") + " " + event.get("action").asString() + " "
					+ event.get("outcome").asString());
		}
		assertThat(trail).containsSubsequence("admin POST /api/v1/teams success", "admin POST /api/v1/users success",
				"admin PUT /api/v1/teams/{team}/members/{username} success", "sam sign-in success",
				"sam POST /api/v1/tokens success", "sam POST /api/v1/images/pull success",
				"sam POST /api/v1/containers success", "sam DELETE /api/v1/containers/{id} success",
				"sam sign-in denied", "admin POST /api/v1/users/{id}/password success",
				"sam DELETE /api/v1/tokens/{id} success", "sam token-refused denied", "sam sign-in success");

		String jsonl = expect(this.api.get("/api/v1/audit/export?format=jsonl"), 200).body();
		String csv = expect(this.api.get("/api/v1/audit/export?format=csv"), 200).body();
		this.server.stop();
		String log = Files.readString(this.server.logFile(), StandardCharsets.UTF_8);
		assertThat(log).as("the server log").contains("Started");
		for (String secret : secrets) {
			assertThat(log).as("the server log holds a secret").doesNotContain(secret);
			assertThat(jsonl).as("the JSON lines export holds a secret").doesNotContain(secret);
			assertThat(csv).as("the CSV export holds a secret").doesNotContain(secret);
			// Secrets also travel base64-encoded in HTTP Basic headers.
			assertThat(log).doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
		}
		assertThat(log).doesNotContain(Base64.getEncoder()
			.encodeToString((REGISTRY_USER + ":" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8)));
		// Restarted for the leak checks of the base class, which need a running server.
		this.server.start();
		this.api = new Api(this.server.baseUrl()).login("admin", BulkheadServer.ADMIN_PASSWORD);
	}

	private Api.Response mint(String user, String password) {
		String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return this.api.send(HttpRequest.newBuilder(URI.create(this.server.baseUrl() + "/api/v1/tokens"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"session\",\"expiresInDays\":1}")));
	}

	private Api.Response as(String token, String method, String path, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.server.baseUrl() + path))
			.header("Authorization", "Bearer " + token);
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		return this.api.send(request);
	}

	private static Api.Response expect(Api.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		return response;
	}

}
