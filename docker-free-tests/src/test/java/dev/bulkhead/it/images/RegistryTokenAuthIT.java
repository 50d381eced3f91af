package dev.bulkhead.it.images;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.LocalRegistry;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.RegistryImage;
import dev.bulkhead.it.support.RegistryUpload;
import dev.bulkhead.it.support.TokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-registry with {@code auth: token}, its realm a token service the test runs (JWTs
 * signed with a key whose certificate is the registry's rootcertbundle). The login an
 * admin configured for the registry is sent to the token service only; pulls and pushes
 * get tokens of the right scope; the password appears in no log and no audit record.
 */
class RegistryTokenAuthIT extends PlatformTest {

	private static final String USER = "ci-robot";

	private static final String PASSWORD = "token-secret-93f1c7";

	private TokenIssuer issuer;

	private LocalRegistry registry;

	private LocalRegistry unconfigured;

	@Override
	protected List<String> serverArguments() {
		Assumptions.assumeTrue(
				LocalRegistry.available() && Files.isExecutable(java.nio.file.Path.of("/usr/bin/openssl")),
				"needs docker-registry, skopeo, apache2-utils and openssl (the CI script installs them)");
		this.issuer = new TokenIssuer(USER, PASSWORD);
		this.registry = LocalRegistry.withTokenAuth(this.issuer);
		this.unconfigured = LocalRegistry.withTokenAuth(this.issuer);
		RegistryUpload upload = new RegistryUpload(this.registry.host(),
				"Bearer " + this.issuer.mint("repository:secure/app:pull,push"));
		new RegistryImage().push(upload, "secure/app", "1");
		RegistryUpload other = new RegistryUpload(this.unconfigured.host(),
				"Bearer " + this.issuer.mint("repository:secure/app:pull,push"));
		new RegistryImage().push(other, "secure/app", "1");
		return List.of("--bulkhead.registries.insecure=" + this.registry.host() + "," + this.unconfigured.host() + ","
				+ this.issuer.host(), "--logging.level.dev.bulkhead=DEBUG");
	}

	@AfterAll
	void stopRegistries() {
		if (this.registry != null) {
			this.registry.close();
			this.unconfigured.close();
			this.issuer.close();
		}
	}

	@Test
	void pullAndPushGetScopedTokensWithTheLoginAnAdminStoredAndThePasswordIsNeverShown() throws Exception {
		String reference = this.registry.host() + "/secure/app:1";
		Api.Response refused = this.api.post("/api/v1/images/pull", "{\"reference\":\"" + reference + "\"}");
		assertThat(refused.status()).as(refused.body()).isEqualTo(403);

		Api.Response stored = this.api.send(this.api.authorized("/api/v1/registries/" + this.registry.host() + "/login")
			.header("Content-Type", "application/json")
			.PUT(java.net.http.HttpRequest.BodyPublishers
				.ofString("{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}")));
		assertThat(stored.status()).as(stored.body()).isEqualTo(204);
		Api.Response listed = this.api.get("/api/v1/registries/logins");
		assertThat(listed.body()).contains(this.registry.host()).contains(USER).doesNotContain(PASSWORD);
		java.nio.file.Path file = this.server.dataRoot().resolve("registries/logins.json");
		assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
			.isEqualTo("rw-------");
		assertThat(Files.readString(file)).as("logins.json")
			.contains(USER)
			.contains("\"secret\":\"v1:")
			.doesNotContain(PASSWORD);
		java.nio.file.Path key = this.server.dataRoot().resolve("keys/registry.key");
		assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
			.isEqualTo("rw-------");

		Api.Response pulled = this.api.post("/api/v1/images/pull", "{\"reference\":\"" + reference + "\"}");
		assertThat(pulled.status()).as(pulled.body()).isEqualTo(200);
		assertThat(pulled.body()).contains("\"status\":\"done\",\"image\"");
		assertThat(this.issuer.requests()).contains(USER + " repository:secure/app:pull");

		Api.Response pushed = this.api.post("/api/v1/images/" + reference + "/push",
				"{\"target\":\"" + this.registry.host() + "/secure/copy:2\"}");
		assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
		assertThat(pushed.body()).contains("\"status\":\"done\",\"target\"").doesNotContain("\"status\":\"error\"");
		assertThat(this.issuer.requests()).anyMatch(
				(request) -> request.startsWith(USER + " ") && request.contains("repository:secure/copy:pull,push"));

		String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
		String log = Files.readString(this.server.logFile());
		assertThat(log).as("the server log").doesNotContain(PASSWORD).doesNotContain(basic);
		assertThat(filesHolding(PASSWORD)).as("files of the data root holding the password").isEmpty();
		Api.Response audit = this.api.get("/api/v1/audit");
		assertThat(audit.status()).as(audit.body()).isEqualTo(200);
		assertThat(audit.body()).as("the audit records").doesNotContain(PASSWORD).doesNotContain(basic);
	}

	@Test
	void aRegistryWithoutAConfiguredLoginIsA403NamingWhatToConfigure() {
		Api.Response response = this.api.post("/api/v1/images/pull",
				"{\"reference\":\"" + this.unconfigured.host() + "/secure/app:1\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(403);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("anonymous")
			.contains("login configured for " + this.unconfigured.host());
		assertThat(this.issuer.requests()).contains("anonymous repository:secure/app:pull");
	}

	/** The small regular files under the data root whose bytes contain {@code text}. */
	private List<java.nio.file.Path> filesHolding(String text) throws java.io.IOException {
		byte[] needle = text.getBytes(StandardCharsets.UTF_8);
		try (java.util.stream.Stream<java.nio.file.Path> paths = Files.walk(this.server.dataRoot())) {
			return paths.filter((path) -> Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
				.filter((path) -> {
					try {
						return Files.size(path) < (4 << 20) && contains(Files.readAllBytes(path), needle);
					}
					catch (java.io.IOException ex) {
						throw new java.io.UncheckedIOException(ex);
					}
				})
				.toList();
		}
	}

	private static boolean contains(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}
