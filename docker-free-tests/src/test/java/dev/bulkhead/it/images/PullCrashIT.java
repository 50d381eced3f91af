package dev.bulkhead.it.images;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.LocalRegistry;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.RegistryImage;
import dev.bulkhead.it.support.RegistryUpload;
import dev.bulkhead.it.support.ThrottledProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server is killed with SIGKILL in the middle of pulling a 100 MiB layer (served
 * slowly through a throttling proxy so the kill lands mid-blob); after a restart the
 * store holds no partial blob and no ingestion leftovers, and the same pull completes.
 */
class PullCrashIT extends PlatformTest {

	private static final long SIZE = 100L << 20;

	private static final long SEED = 42;

	private LocalRegistry registry;

	private ThrottledProxy proxy;

	@Override
	protected List<String> serverArguments() {
		Assumptions.assumeTrue(LocalRegistry.available(),
				"needs docker-registry, skopeo and apache2-utils (the CI script installs them)");
		this.registry = LocalRegistry.anonymous();
		this.proxy = new ThrottledProxy(this.registry.host(), 20L << 20);
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
	void aServerKilledMidPullRestartsWithAConsistentStoreAndThePullCompletes() throws Exception {
		RegistryImage.Layer layer = RegistryImage.randomFileLayer("big.bin", SIZE, SEED);
		new RegistryImage().layer(layer).push(RegistryUpload.anonymous(this.registry), "crash/big", "1");
		String reference = this.proxy.host() + "/crash/big:1";
		String layerHex = layer.diffId().substring("sha256:".length());
		Path ingest = this.server.dataRoot().resolve("blobs/ingest");
		Path blobs = this.server.dataRoot().resolve("blobs/sha256");

		CompletableFuture<HttpResponse<String>> pull = this.api.sendAsync(this.api.authorized("/api/v1/images/pull")
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"reference\":\"" + reference + "\"}")));
		awaitIngestBytes(ingest, 10L << 20, Duration.ofSeconds(60));
		this.server.kill();
		assertThat(pull.handle((response, failure) -> (response != null) ? response.body() : "").get())
			.doesNotContain("\"status\":\"done\",\"image\"");
		assertThat(ingestBytes(ingest)).as("the killed pull left a partial download").isPositive();
		assertThat(blobs.resolve(layerHex)).as("the unfinished layer must not be committed").doesNotExist();

		this.proxy.rate(0);
		this.server.start();
		assertThat(listing(ingest)).as("ingest after the restart").isEmpty();
		assertThat(blobs.resolve(layerHex)).doesNotExist();
		for (Path blob : listing(blobs)) {
			assertThat("sha256:" + sha256(blob)).as("committed blob " + blob.getFileName())
				.isEqualTo("sha256:" + blob.getFileName());
		}
		assertThat(this.api.get("/api/v1/images/" + reference).status()).isEqualTo(404);

		Api.Response again = this.api.post("/api/v1/images/pull", "{\"reference\":\"" + reference + "\"}");
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		assertThat(again.body()).contains("\"status\":\"done\",\"image\"");
		assertThat(blobs.resolve(layerHex)).exists();
		assertThat(listing(ingest)).isEmpty();
	}

	private static void awaitIngestBytes(Path ingest, long bytes, Duration timeout) throws IOException {
		Instant deadline = Instant.now().plus(timeout);
		while (ingestBytes(ingest) < bytes) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("the pull did not write " + bytes + " bytes into " + ingest + " in time");
			}
			sleep(50);
		}
	}

	private static long ingestBytes(Path ingest) throws IOException {
		long total = 0;
		for (Path file : listing(ingest)) {
			try {
				total += Files.size(file);
			}
			catch (java.nio.file.NoSuchFileException ex) {
				// Committed or removed while being looked at.
			}
		}
		return total;
	}

	private static List<Path> listing(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.toList();
		}
	}

	private static String sha256(Path file) throws Exception {
		MessageDigest sha = MessageDigest.getInstance("SHA-256");
		try (InputStream in = Files.newInputStream(file)) {
			byte[] buffer = new byte[1 << 16];
			int n;
			while ((n = in.read(buffer)) >= 0) {
				sha.update(buffer, 0, n);
			}
		}
		return HexFormat.of().formatHex(sha.digest());
	}

}
