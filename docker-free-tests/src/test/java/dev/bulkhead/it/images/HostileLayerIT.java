package dev.bulkhead.it.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.LayerTar;
import dev.bulkhead.it.support.LocalRegistry;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.RegistryImage;
import dev.bulkhead.it.support.RegistryUpload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile images served by a real registry: each pull is refused with an error naming
 * what is wrong, nothing lands outside the data root, and the store (blobs, ingest,
 * snapshots, the image index) is exactly as it was before the pull.
 */
class HostileLayerIT extends PlatformTest {

	/** The server's cap on one layer's uncompressed size in this test. */
	private static final long LAYER_CAP = 16L << 20;

	private LocalRegistry registry;

	private RegistryUpload upload;

	private Path outside;

	@Override
	protected List<String> serverArguments() {
		Assumptions.assumeTrue(LocalRegistry.available(),
				"needs docker-registry, skopeo and apache2-utils (the CI script installs them)");
		this.registry = LocalRegistry.anonymous();
		this.upload = RegistryUpload.anonymous(this.registry);
		return List.of("--bulkhead.registries.insecure=" + this.registry.host(),
				"--bulkhead.images.max-layer-bytes=" + LAYER_CAP);
	}

	@BeforeEach
	void makeOutsideDirectory() throws IOException {
		this.outside = Files.createDirectories(this.roots.resolve("outside"));
	}

	@AfterAll
	void stopRegistry() {
		if (this.registry != null) {
			this.registry.close();
		}
	}

	@Test
	void aDotDotEntryIsRefusedNamingIt() {
		String entry = "../../../../../../.." + this.outside + "/dotdot";
		refused("dotdot", new LayerTar().file(entry, "escaped"), LayerTar.GZIP, entry, "'..'");
		assertThat(this.outside.resolve("dotdot")).doesNotExist();
	}

	@Test
	void aSymlinkOutOfTheLayerCannotBeWrittenThrough() {
		refused("symlink", new LayerTar().symlink("evil", this.outside.toString()).file("evil/pwned", "x"),
				LayerTar.GZIP, "evil/pwned", "symlink");
		assertThat(this.outside.resolve("pwned")).doesNotExist();
	}

	@Test
	void aHardLinkToAFileOutsideTheLayerIsRefused() throws IOException {
		Path target = Files.writeString(this.outside.resolve("host-file"), "host secret");
		refused("hardlink", new LayerTar().hardlink("link", target.toString()), LayerTar.GZIP, "link", "hard link");
		refused("hardlink-up", new LayerTar().dir("a").hardlink("a/link", "../../../../../../.." + target),
				LayerTar.GZIP, "a/link", "hard link");
		assertThat(Files.readString(target)).isEqualTo("host secret");
	}

	@Test
	void aTarBombStopsAtTheConfiguredCap() {
		byte[] zeros = new byte[(int) LAYER_CAP + (1 << 20)];
		LayerTar bomb = new LayerTar().file("bomb", new String(zeros, java.nio.charset.StandardCharsets.ISO_8859_1));
		refused("bomb", bomb, LayerTar.GZIP, "bomb", "unpack limit of " + LAYER_CAP);
	}

	@Test
	void aCorruptGzipLayerIsRefused() {
		byte[] tar = new LayerTar().file("data", randomText(64 << 10)).tar();
		byte[] gzip = LayerTar.gzip(tar);
		for (int i = gzip.length / 3; i < gzip.length / 3 + 64; i++) {
			gzip[i] ^= 0x5a;
		}
		before();
		pullRefused(
				push("corrupt",
						new RegistryImage.Layer(LayerTar.GZIP, gzip, null, "sha256:" + RegistryUpload.sha256(tar))),
				"corrupt");
	}

	@Test
	void aBlobWhoseBytesDoNotMatchItsDigestIsRefused() throws IOException {
		byte[] tar = new LayerTar().file("honest", randomText(4096)).tar();
		RegistryImage.Layer layer = RegistryImage.Layer.of(LayerTar.GZIP, tar);
		String reference = push("tampered", layer);
		// The registry verified the upload; tamper with what it stores afterwards,
		// keeping
		// the size, so that it serves other bytes under the digest.
		String hex = RegistryUpload.sha256(layer.blob());
		Path data = this.registry.storage()
			.resolve("docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
		byte[] bytes = Files.readAllBytes(data);
		bytes[bytes.length / 2] ^= 0x01;
		Files.write(data, bytes);
		before();
		pullRefused(reference, "sha256:" + hex);
	}

	@Test
	void anAbsoluteEntryIsRefusedNamingIt() {
		String entry = this.outside + "/absolute";
		refused("absolute", new LayerTar().file(entry, "escaped"), LayerTar.GZIP, entry, "absolute path");
		assertThat(this.outside.resolve("absolute")).doesNotExist();
		// A name over 100 bytes travels in a PAX path record, where a tar reader may
		// quietly drop the leading slash; it is refused all the same.
		String longEntry = this.outside + "/" + "long".repeat(30) + "/absolute";
		refused("absolute-long", new LayerTar().file(longEntry, "escaped"), LayerTar.GZIP, longEntry, "absolute path");
		assertThat(this.outside.resolve("long".repeat(30))).doesNotExist();
	}

	private TreeSet<String> before;

	private void before() {
		this.before = storeListing();
	}

	private void refused(String name, LayerTar layer, String mediaType, String entry, String reason) {
		String reference = push(name, RegistryImage.Layer.of(mediaType, layer.tar()));
		before();
		pullRefused(reference, "'" + entry + "'", reason);
	}

	private String push(String name, RegistryImage.Layer layer) {
		new RegistryImage().layer(layer).push(this.upload, "hostile/" + name, "1");
		return this.registry.host() + "/hostile/" + name + ":1";
	}

	private void pullRefused(String reference, String... phrases) {
		Api.Response response = this.api.post("/api/v1/images/pull", "{\"reference\":\"" + reference + "\"}");
		String detail;
		if (response.status() == 200) {
			String[] lines = response.body().strip().split("\n");
			JsonNode last = Api.JSON.readTree(lines[lines.length - 1]);
			assertThat(last.get("status").asString()).as(response.body()).isEqualTo("error");
			detail = last.get("detail").asString();
		}
		else {
			assertThat(response.status()).as(response.body()).isBetween(400, 499);
			detail = response.json().get("detail").asString();
		}
		assertThat(detail).contains(phrases);
		assertThat(this.api.get("/api/v1/images/" + reference).status()).isEqualTo(404);
		assertThat(storeListing()).as("the store after the refused pull of " + reference)
			.containsExactlyElementsOf(this.before);
	}

	/**
	 * Everything under blobs/ (committed and in ingest) and the first two levels of
	 * snapshots/, plus the image index.
	 */
	private TreeSet<String> storeListing() {
		Path data = this.server.dataRoot();
		TreeSet<String> listing = new TreeSet<>();
		for (String dir : List.of("blobs", "snapshots")) {
			Path root = data.resolve(dir);
			if (!Files.isDirectory(root)) {
				continue;
			}
			try (Stream<Path> paths = Files.walk(root, dir.equals("blobs") ? 8 : 3)) {
				paths.forEach((p) -> listing.add(data.relativize(p).toString()));
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
		try {
			listing.add("index: " + Files.readString(data.resolve("images/index.json")));
		}
		catch (IOException ex) {
			listing.add("index: none");
		}
		return listing;
	}

	private static String randomText(int length) {
		Random random = new Random(length);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) ('a' + random.nextInt(26)));
		}
		return text.toString();
	}

}
