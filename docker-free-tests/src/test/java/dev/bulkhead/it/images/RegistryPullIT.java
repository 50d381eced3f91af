package dev.bulkhead.it.images;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.LocalRegistry;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pulls through the API from Debian's docker-registry on 127.0.0.1: anonymous and behind
 * htpasswd basic auth, by tag and by digest, then runs what was pulled.
 */
class RegistryPullIT extends PlatformTest {

	private static final String USER = "puller";

	private static final String PASSWORD = "pull-secret-4711";

	private final List<LocalRegistry> registries = new ArrayList<>();

	private LocalRegistry open;

	private LocalRegistry locked;

	@Override
	protected List<String> serverArguments() {
		Assumptions.assumeTrue(LocalRegistry.available(),
				"needs docker-registry, skopeo and apache2-utils (the CI script installs them)");
		this.open = LocalRegistry.anonymous();
		this.registries.add(this.open);
		this.locked = LocalRegistry.withBasicAuth(USER, PASSWORD);
		this.registries.add(this.locked);
		TestImages.busyboxTar();
		Path archive = Path.of("target", "images", "busybox.tar").toAbsolutePath();
		this.open.push(archive, "busybox:latest");
		this.locked.push(archive, "team/busybox:1.0");
		return List.of("--bulkhead.registries.insecure=" + this.open.host() + "," + this.locked.host(),
				"--bulkhead.registries.credentials[" + this.locked.host() + "].username=" + USER,
				"--bulkhead.registries.credentials[" + this.locked.host() + "].password=" + PASSWORD);
	}

	@AfterAll
	void stopRegistries() {
		for (LocalRegistry registry : this.registries) {
			registry.close();
		}
	}

	private List<JsonNode> pull(String reference) {
		Api.Response response = this.api.post("/api/v1/images/pull", "{\"reference\":\"" + reference + "\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/x-ndjson");
		List<JsonNode> lines = new ArrayList<>();
		for (String line : response.body().split("\n")) {
			if (!line.isBlank()) {
				lines.add(Api.JSON.readTree(line));
			}
		}
		JsonNode last = lines.get(lines.size() - 1);
		assertThat(last.get("status").asString()).as(response.body()).isEqualTo("done");
		return lines;
	}

	private String runAndRead(String image, String text) {
		Api.Response created = this.api.post("/api/v1/containers",
				"{\"image\":\"" + image + "\",\"command\":[\"sh\",\"-c\",\"echo " + text + "\"]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Api.CREATED.add(id);
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		assertThat(this.api.await(id).get("exitCode").asInt()).isZero();
		return this.api.get("/api/v1/containers/" + id + "/logs").body();
	}

	@Test
	void pullsByTagAndRunsAContainerFromThePulledImage() {
		String reference = this.open.host() + "/busybox:latest";
		List<JsonNode> lines = pull(reference);
		JsonNode image = lines.get(lines.size() - 1).get("image");
		assertThat(image.get("references").toString()).contains(reference);
		assertThat(lines).anyMatch((line) -> line.has("digest") && line.get("kind").asString().equals("layer")
				&& List.of("done", "exists").contains(line.get("status").asString()));
		assertThat(runAndRead(reference, "pulled-by-tag")).contains("pulled-by-tag");
	}

	@Test
	void pullsByDigestAndTheDigestIsVerified() {
		String manifest = pull(this.open.host() + "/busybox:latest").get(0).isEmpty() ? null
				: this.api.get("/api/v1/images/" + this.open.host() + "/busybox:latest")
					.json()
					.get("manifest")
					.asString();
		String reference = this.open.host() + "/busybox@" + manifest;
		JsonNode image = last(pull(reference)).get("image");
		assertThat(image.get("manifest").asString()).isEqualTo(manifest);
		assertThat(image.get("references").toString()).contains(reference);
		assertThat(runAndRead(reference, "pulled-by-digest")).contains("pulled-by-digest");
	}

	@Test
	void pullingTwiceDownloadsNothingTheSecondTime() {
		String reference = this.open.host() + "/busybox:latest";
		pull(reference);
		List<JsonNode> again = pull(reference);
		List<String> states = again.subList(0, again.size() - 1)
			.stream()
			.map((line) -> line.get("status").asString())
			.filter((state) -> !state.equals("waiting") && !state.equals("started"))
			.toList();
		assertThat(states).isNotEmpty().containsOnly("exists");
	}

	@Test
	void pullsFromARegistryBehindBasicAuthWithTheConfiguredLogin() {
		String reference = this.locked.host() + "/team/busybox:1.0";
		JsonNode image = last(pull(reference)).get("image");
		assertThat(image.get("references").toString()).contains(reference);
	}

	@Test
	void aMissingTagIsA404ProblemBeforeAnyProgress() {
		Api.Response response = this.api.post("/api/v1/images/pull",
				"{\"reference\":\"" + this.open.host() + "/busybox:no-such-tag\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("no-such-tag").contains("not found");
	}

	@Test
	void aMalformedReferenceIsA400Problem() {
		Api.Response response = this.api.post("/api/v1/images/pull", "{\"reference\":\"Bad Name!\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	private static JsonNode last(List<JsonNode> lines) {
		return lines.get(lines.size() - 1);
	}

}
