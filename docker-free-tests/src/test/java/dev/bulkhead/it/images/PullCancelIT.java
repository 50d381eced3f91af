package dev.bulkhead.it.images;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
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
import dev.bulkhead.it.support.ThrottledProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow pull of a 64 MiB layer (through a throttling proxy) is cancelled through the
 * API, or by the client going away: the stream ends with a cancelled event, the downloads
 * stop at once, nothing of the pull stays in the content store, and the same pull then
 * completes.
 */
class PullCancelIT extends PlatformTest {

	private static final long SIZE = 64L << 20;

	private static final long SLOW = 4L << 20;

	private LocalRegistry registry;

	private ThrottledProxy proxy;

	private final HttpClient http = HttpClient.newHttpClient();

	@Override
	protected List<String> serverArguments() {
		Assumptions.assumeTrue(LocalRegistry.available(),
				"needs docker-registry, skopeo and apache2-utils (the CI script installs them)");
		this.registry = LocalRegistry.anonymous();
		this.proxy = new ThrottledProxy(this.registry.host(), SLOW);
		return List.of("--bulkhead.registries.insecure=" + this.proxy.host());
	}

	@AfterAll
	void stopRegistry() {
		if (this.proxy != null) {
			this.proxy.close();
		}
		if (this.registry != null) {
			this.registry.close();
		}
	}

	@Test
	void aCancelledPullEndsPromptlyKeepsNothingAndCanBePulledAgain() throws Exception {
		RegistryImage.Layer layer = RegistryImage.randomFileLayer("big.bin", SIZE, 7);
		new RegistryImage().layer(layer).push(RegistryUpload.anonymous(this.registry), "cancel/big", "1");
		String reference = this.proxy.host() + "/cancel/big:1";
		this.proxy.rate(SLOW);

		HttpResponse<Stream<String>> response = startPull(reference);
		assertThat(response.statusCode()).isEqualTo(200);
		String id = response.headers().firstValue("Bulkhead-Pull-Id").orElseThrow();
		Iterator<String> lines = response.body().iterator();
		JsonNode first = Api.JSON.readTree(lines.next());
		assertThat(first.get("status").asString()).isEqualTo("started");
		assertThat(first.get("id").asString()).isEqualTo(id);
		JsonNode moving = awaitLayerBytes(lines, 2L << 20);

		JsonNode running = this.api.get("/api/v1/images/pulls").json();
		assertThat(running).hasSize(1);
		assertThat(running.get(0).get("id").asString()).isEqualTo(id);
		assertThat(running.get(0).get("blobs").toString()).contains(moving.get("digest").asString());
		assertThat(this.api.delete("/api/v1/images/pulls/no-such-pull").status()).isEqualTo(404);

		Instant asked = Instant.now();
		Api.Response cancel = this.api.delete("/api/v1/images/pulls/" + id);
		assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
		JsonNode last = null;
		while (lines.hasNext()) {
			last = Api.JSON.readTree(lines.next());
		}
		Duration took = Duration.between(asked, Instant.now());
		System.out.println("PullCancelIT: the stream ended " + took.toMillis() + " ms after the cancel");
		assertThat(last).isNotNull();
		assertThat(last.get("status").asString()).isEqualTo("cancelled");
		assertThat(took).isLessThan(Duration.ofSeconds(5));

		assertNothingKept(reference, layer);
		assertThat(this.api.delete("/api/v1/images/pulls/" + id).status()).isEqualTo(404);

		this.proxy.rate(0);
		Api.Response again = this.api.post("/api/v1/images/pull", "{\"reference\":\"" + reference + "\"}");
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		assertThat(again.body()).contains("\"status\":\"done\",\"image\"");
		assertThat(blobs().resolve(hex(layer))).exists();
		assertThat(listing(ingest())).isEmpty();
	}

	@Test
	void aClientThatGoesAwayCancelsItsPull() throws Exception {
		RegistryImage.Layer layer = RegistryImage.randomFileLayer("gone.bin", SIZE, 11);
		new RegistryImage().layer(layer).push(RegistryUpload.anonymous(this.registry), "cancel/gone", "1");
		String reference = this.proxy.host() + "/cancel/gone:1";
		this.proxy.rate(SLOW);

		HttpResponse<Stream<String>> response = startPull(reference);
		assertThat(response.statusCode()).isEqualTo(200);
		Iterator<String> lines = response.body().iterator();
		awaitLayerBytes(lines, 1L << 20);
		response.body().close();

		Instant deadline = Instant.now().plusSeconds(15);
		while (this.api.get("/api/v1/images/pulls").json().size() > 0) {
			assertThat(Instant.now()).as("the pull outlived its client").isBefore(deadline);
			sleep(100);
		}
		assertNothingKept(reference, layer);
	}

	private HttpResponse<Stream<String>> startPull(String reference) throws IOException, InterruptedException {
		HttpRequest request = this.api.authorized("/api/v1/images/pull")
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(120))
			.POST(HttpRequest.BodyPublishers.ofString("{\"reference\":\"" + reference + "\"}"))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofLines());
	}

	/** Reads events until the layer has received {@code bytes}; returns that event. */
	private static JsonNode awaitLayerBytes(Iterator<String> lines, long bytes) {
		while (lines.hasNext()) {
			JsonNode event = Api.JSON.readTree(lines.next());
			if (!event.has("digest") && !"started".equals(event.get("status").asString())) {
				throw new AssertionError("the pull ended before the layer received " + bytes + " bytes: " + event);
			}
			if ("layer".equals(event.path("kind").asString(null)) && event.get("bytesDone").asLong() >= bytes) {
				return event;
			}
		}
		throw new AssertionError("the stream ended before the layer received " + bytes + " bytes");
	}

	private void assertNothingKept(String reference, RegistryImage.Layer layer) throws IOException {
		assertThat(listing(ingest())).as("ingest after the cancel").isEmpty();
		assertThat(blobs().resolve(hex(layer))).as("the cancelled layer must not be committed").doesNotExist();
		assertThat(this.api.get("/api/v1/images/" + reference).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/images/pulls").json()).isEmpty();
	}

	private Path ingest() {
		return this.server.dataRoot().resolve("blobs/ingest");
	}

	private Path blobs() {
		return this.server.dataRoot().resolve("blobs/sha256");
	}

	private static String hex(RegistryImage.Layer layer) {
		return layer.diffId().substring("sha256:".length());
	}

	private static List<Path> listing(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(dir)) {
			return files.toList();
		}
	}

}
