package dev.bulkhead.it.images;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.LocalRegistry;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.RegistryImage;
import dev.bulkhead.it.support.RegistryUpload;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushes local images through {@code POST /api/v1/images/{reference}/push} into Debian's
 * docker-registry and pulls them back: the digest survives, blobs the target has are
 * skipped, blobs of another repository are mounted, large blobs go up in chunks.
 */
class RegistryPushIT extends PlatformTest {

	private LocalRegistry registry;

	private LocalRegistry second;

	@Override
	protected List<String> serverArguments() {
		Assumptions.assumeTrue(LocalRegistry.available(),
				"needs docker-registry, skopeo and apache2-utils (the CI script installs them)");
		this.registry = LocalRegistry.anonymous();
		this.second = LocalRegistry.anonymous();
		return List.of("--bulkhead.registries.insecure=" + this.registry.host() + "," + this.second.host());
	}

	@AfterAll
	void stopRegistries() {
		if (this.registry != null) {
			this.registry.close();
		}
		if (this.second != null) {
			this.second.close();
		}
	}

	@Test
	void aPushedImageIsPulledBackWithTheSameDigestAfterItWasDeletedLocally() {
		ensureBusybox();
		String manifest = this.api.get("/api/v1/images/" + TestImages.BUSYBOX).json().get("manifest").asString();
		String target = this.registry.host() + "/pushed/busybox:1";
		List<JsonNode> lines = push(TestImages.BUSYBOX, target);
		assertThat(last(lines).get("digest").asString()).isEqualTo(manifest);
		// Uploaded, or mounted when another test already put the image in a repository
		// of this registry.
		assertThat(blobStatuses(lines)).isNotEmpty().isSubsetOf("done", "mounted");
		assertThat(registryDigest(this.registry, "pushed/busybox", "1")).isEqualTo(manifest);

		String id = this.api.get("/api/v1/images/" + TestImages.BUSYBOX).json().get("id").asString();
		assertThat(this.api.delete("/api/v1/images/" + id + "?force=true").status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/images/" + TestImages.BUSYBOX).status()).isEqualTo(404);

		List<JsonNode> pulled = pull(target);
		assertThat(last(pulled).get("image").get("manifest").asString()).isEqualTo(manifest);
		// Its config was deleted with it and comes back from the registry (its layer may
		// still be shared with another test's image).
		assertThat(pulled).anyMatch((line) -> line.has("kind") && line.get("kind").asString().equals("config")
				&& line.get("status").asString().equals("done"));
		Api.Response created = this.api.post("/api/v1/containers",
				"{\"image\":\"" + target + "\",\"network\":\"none\",\"command\":[\"sh\",\"-c\",\"echo round-trip\"]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String container = created.json().get("id").asString();
		Api.CREATED.add(container);
		assertThat(this.api.post("/api/v1/containers/" + container + "/start").status()).isEqualTo(200);
		assertThat(this.api.await(container).get("exitCode").asInt()).isZero();
		assertThat(this.api.get("/api/v1/containers/" + container + "/logs").body()).contains("round-trip");
		this.api.delete("/api/v1/containers/" + container + "?force=true");
	}

	@Test
	void blobsOfAnotherRepositoryOnTheSameRegistryAreMountedAndPresentOnesSkipped() {
		ensureBusybox();
		String origin = this.registry.host() + "/origin/app:1";
		push(TestImages.BUSYBOX, origin);
		pull(origin);
		String target = this.registry.host() + "/copies/app:2";
		List<JsonNode> mounted = push(origin, target);
		assertThat(blobStatuses(mounted)).containsOnly("mounted");
		List<JsonNode> again = push(origin, target);
		assertThat(blobStatuses(again)).containsOnly("exists");
		assertThat(registryDigest(this.registry, "copies/app", "2")).isEqualTo(last(again).get("digest").asString());
	}

	@Test
	void aLargeLayerIsUploadedInChunksAndTheRegistryAcceptsItsDigest() {
		RegistryUpload upload = RegistryUpload.anonymous(this.registry);
		RegistryImage.Pushed source = new RegistryImage()
			.layer(RegistryImage.randomFileLayer("chunked.bin", 40L << 20, 7))
			.push(upload, "big/source", "1");
		String local = this.registry.host() + "/big/source:1";
		pull(local);
		// Another registry, so nothing can be mounted: every byte is uploaded.
		List<JsonNode> lines = push(local, this.second.host() + "/big/copy:1");
		assertThat(blobStatuses(lines)).containsOnly("done");
		assertThat(lines).anyMatch((line) -> line.get("status").asString().equals("uploading")
				&& line.get("bytesDone").asLong() == 16L << 20);
		assertThat(registryDigest(this.second, "big/copy", "1")).isEqualTo(source.digest());
	}

	@Test
	void aDigestTargetIsA400AndAnUnknownImageA404BeforeAnyProgress() {
		ensureBusybox();
		Api.Response digest = this.api.post("/api/v1/images/" + TestImages.BUSYBOX + "/push",
				"{\"target\":\"" + this.registry.host() + "/x@sha256:" + "a".repeat(64) + "\"}");
		assertThat(digest.status()).as(digest.body()).isEqualTo(400);
		assertThat(digest.json().get("detail").asString()).contains("names a digest");
		Api.Response unknown = this.api.post("/api/v1/images/no-such-image:9/push",
				"{\"target\":\"" + this.registry.host() + "/x:1\"}");
		assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
	}

	private void ensureBusybox() {
		if (this.api.get("/api/v1/images/" + TestImages.BUSYBOX).status() == 404) {
			assertThat(this.api.upload("/api/v1/images/load", TestImages.busyboxTar()).status()).isEqualTo(201);
		}
	}

	private List<JsonNode> push(String local, String target) {
		Api.Response response = this.api.post("/api/v1/images/" + local + "/push", "{\"target\":\"" + target + "\"}");
		return stream(response);
	}

	private List<JsonNode> pull(String reference) {
		return stream(this.api.post("/api/v1/images/pull", "{\"reference\":\"" + reference + "\"}"));
	}

	private static List<JsonNode> stream(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/x-ndjson");
		List<JsonNode> lines = Stream.of(response.body().split("\n"))
			.filter((line) -> !line.isBlank())
			.map(Api.JSON::readTree)
			.toList();
		assertThat(last(lines).get("status").asString()).as(response.body()).isEqualTo("done");
		return lines;
	}

	private static List<String> statuses(List<JsonNode> lines) {
		return lines.subList(0, lines.size() - 1).stream().map((line) -> line.get("status").asString()).toList();
	}

	/** The final state of each blob: the last line for each digest. */
	private static List<String> blobStatuses(List<JsonNode> lines) {
		java.util.Map<String, String> last = new java.util.LinkedHashMap<>();
		for (JsonNode line : lines.subList(0, lines.size() - 1)) {
			last.put(line.get("digest").asString(), line.get("status").asString());
		}
		return List.copyOf(last.values());
	}

	/** The digest the registry itself reports for a tag. */
	private static String registryDigest(LocalRegistry registry, String repository, String tag) {
		try {
			HttpResponse<Void> response = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://" + registry.host() + "/v2/" + repository + "/manifests/" + tag))
					.header("Accept", RegistryImage.OCI_MANIFEST)
					.method("HEAD", HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.discarding());
			assertThat(response.statusCode()).isEqualTo(200);
			return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode last(List<JsonNode> lines) {
		return lines.get(lines.size() - 1);
	}

}
