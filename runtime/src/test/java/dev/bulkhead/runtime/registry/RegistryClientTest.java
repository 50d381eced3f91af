package dev.bulkhead.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.images.MediaTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client against a tiny registry on 127.0.0.1 that asks for a bearer token from its
 * own token endpoint, or for HTTP Basic.
 */
class RegistryClientTest {

	private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
			+ "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"sha256:" + "0".repeat(64)
			+ "\",\"size\":2},\"layers\":[]}")
		.getBytes(StandardCharsets.UTF_8);

	private static final String BASIC = "Basic "
			+ Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));

	private HttpServer server;

	private String host;

	private final List<String> tokenQueries = new CopyOnWriteArrayList<>();

	private final List<String> tokenAuthorizations = new CopyOnWriteArrayList<>();

	private final List<String> manifestAuthorizations = new CopyOnWriteArrayList<>();

	/** What the registry demands: "bearer" or "basic". */
	private String scheme = "bearer";

	/** The scope the bearer challenge names. */
	private String challengeScope = "repository:team/app:pull";

	@BeforeEach
	void startRegistry() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.host = "127.0.0.1:" + this.server.getAddress().getPort();
		this.server.createContext("/token", (exchange) -> {
			this.tokenQueries.add(exchange.getRequestURI().getRawQuery());
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			this.tokenAuthorizations.add(String.valueOf(authorization));
			respond(exchange, 200, "application/json", "{\"access_token\":\"tok-123\"}".getBytes());
		});
		this.server.createContext("/v2/", (exchange) -> {
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			this.manifestAuthorizations.add(String.valueOf(authorization));
			String expected = this.scheme.equals("bearer") ? "Bearer tok-123" : BASIC;
			if (!expected.equals(authorization)) {
				exchange.getResponseHeaders()
					.add("WWW-Authenticate",
							this.scheme.equals("bearer")
									? "Bearer realm=\"http://" + this.host
											+ "/token\",service=\"test-registry\",scope=\"" + this.challengeScope + "\""
									: "Basic realm=\"test\"");
				respond(exchange, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes());
				return;
			}
			if (exchange.getRequestURI().getPath().endsWith("/manifests/1.0")
					|| exchange.getRequestURI().getPath().endsWith("/manifests/" + digestOf(MANIFEST))) {
				respond(exchange, 200, MediaTypes.OCI_MANIFEST, MANIFEST);
				return;
			}
			respond(exchange, 404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes());
		});
		this.server.start();
	}

	@AfterEach
	void stopRegistry() {
		this.server.stop(0);
	}

	private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			in.readAllBytes();
		}
		exchange.getResponseHeaders().add("Content-Type", type);
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private static String digestOf(byte[] bytes) {
		return "sha256:" + RegistryClient.sha256Hex(bytes);
	}

	private RegistryClient client(RegistryCredentials credentials) {
		return RegistryClient.create(JsonMapper.builder().build(), credentials, Set.of(this.host));
	}

	@Test
	void bearerChallengeIsAnsweredWithATokenFromTheRealmThenCached() {
		RegistryClient client = client(RegistryCredentials.none());
		ImageReference image = ImageReference.parse(this.host + "/team/app:1.0");
		RegistryClient.FetchedManifest manifest = client.manifest(image, "1.0");
		assertThat(manifest.bytes()).isEqualTo(MANIFEST);
		assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
		assertThat(this.tokenQueries).containsExactly("service=test-registry&scope=repository%3Ateam%2Fapp%3Apull");
		assertThat(this.tokenAuthorizations).containsExactly("null");
		client.manifest(image, "1.0");
		assertThat(this.tokenQueries).hasSize(1);
		assertThat(this.manifestAuthorizations).containsExactly("null", "Bearer tok-123", "Bearer tok-123");
	}

	@Test
	void aChallengeNamingSeveralScopesAsksTheTokenServiceForEachAndAMissingBlobIsFalse() {
		this.challengeScope = "repository:team/app:pull,push repository:team/base:pull";
		RegistryClient client = client(RegistryCredentials.none());
		ImageReference image = ImageReference.parse(this.host + "/team/app:1.0");
		assertThat(client.blobExists(image, Digest.parse(digestOf(new byte[] { 1 })))).isFalse();
		assertThat(this.tokenQueries).containsExactly("service=test-registry"
				+ "&scope=repository%3Ateam%2Fapp%3Apull%2Cpush&scope=repository%3Ateam%2Fbase%3Apull");
		assertThat(this.manifestAuthorizations).containsExactly("null", "Bearer tok-123");
	}

	@Test
	void configuredLoginIsSentToTheTokenService() {
		RegistryClient client = client(
				RegistryCredentials.of(Map.of(this.host, new RegistryCredentials.Login("alice", "s3cret"))));
		client.manifest(ImageReference.parse(this.host + "/team/app:1.0"), "1.0");
		assertThat(this.tokenAuthorizations).containsExactly(BASIC);
	}

	@Test
	void basicChallengeIsAnsweredWithTheConfiguredLogin() {
		this.scheme = "basic";
		RegistryClient client = client(
				RegistryCredentials.of(Map.of(this.host, new RegistryCredentials.Login("alice", "s3cret"))));
		client.manifest(ImageReference.parse(this.host + "/team/app:1.0"), "1.0");
		assertThat(this.manifestAuthorizations).containsExactly("null", BASIC);
	}

	@Test
	void basicChallengeWithoutALoginSaysWhatToConfigure() {
		this.scheme = "basic";
		assertThatThrownBy(() -> client(RegistryCredentials.none())
			.manifest(ImageReference.parse(this.host + "/team/app:1.0"), "1.0")).isInstanceOf(ForbiddenException.class)
			.hasMessageContaining("requires a login")
			.hasMessageContaining(this.host);
	}

	@Test
	void manifestFetchedByDigestMustHaveThatDigest() {
		RegistryClient client = client(RegistryCredentials.none());
		ImageReference image = ImageReference.parse(this.host + "/team/app:1.0");
		assertThat(client.manifest(image, digestOf(MANIFEST)).digest()).isEqualTo(Digest.parse(digestOf(MANIFEST)));
	}

	@Test
	void missingTagIsNotFound() {
		assertThatThrownBy(() -> client(RegistryCredentials.none())
			.manifest(ImageReference.parse(this.host + "/team/app:2.0"), "2.0")).isInstanceOf(NotFoundException.class)
			.hasMessageContaining("manifest 2.0")
			.hasMessageContaining("MANIFEST_UNKNOWN");
	}

	@Test
	void loginIsNeverShownInItsText() {
		assertThat(new RegistryCredentials.Login("alice", "s3cret").toString()).doesNotContain("s3cret");
	}

	@Test
	void plainHttpIsOnlyForInsecureHosts() {
		RegistryClient tlsOnly = RegistryClient.create(JsonMapper.builder().build(), RegistryCredentials.none(),
				Set.of());
		assertThatThrownBy(() -> tlsOnly.manifest(ImageReference.parse(this.host + "/team/app:1.0"), "1.0"))
			.isInstanceOf(dev.bulkhead.runtime.errors.BulkheadException.class);
		assertThat(this.manifestAuthorizations).isEmpty();
	}

}
