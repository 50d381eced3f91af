package dev.bulkhead.runtime.images;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.bulkhead.runtime.content.FileContentStore;
import dev.bulkhead.runtime.sys.RecordingSyscalls;

import static org.assertj.core.api.Assertions.assertThat;

/** The tars a save writes, entry by entry. */
class ImageArchiveWriterTest {

	@TempDir
	Path dataRoot;

	@TempDir
	Path snapshotRoot;

	static final TestImages IMAGE = new TestImages().layer(new TestTar().dir("bin").file("bin/app", "app"), true)
		.layer(new TestTar().file("plain", "p"), false);

	private Map<String, byte[]> save(ArchiveFormat format) throws IOException {
		FileContentStore content = new FileContentStore(this.dataRoot);
		LocalImageStore store = new LocalImageStore(this.dataRoot, content, new DirectorySnapshotter(this.snapshotRoot),
				new LayerUnpacker(new RecordingSyscalls()), TestImages.MAPPER, new Platform("amd64", "linux", null));
		store.load(new ByteArrayInputStream(IMAGE.ociLayout("app:1")));
		store.tag("app:1", "app:2");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		store.save("app:1", format, out);
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				assertThat(entry.getLongUserId()).isZero();
				entries.put(entry.getName(), tar.readAllBytes());
			}
		}
		return entries;
	}

	@Test
	void aDockerArchiveHoldsTheConfigAndEachLayerUncompressedUnderItsDiffId() throws IOException {
		Map<String, byte[]> entries = save(ArchiveFormat.DOCKER_ARCHIVE);
		String config = "blobs/sha256/" + IMAGE.configDigest().hex();
		List<String> layers = IMAGE.diffIds().stream().map((id) -> "blobs/sha256/" + id.substring(7)).toList();
		assertThat(entries.keySet()).containsExactly("blobs/", "blobs/sha256/", config, layers.get(0), layers.get(1),
				"manifest.json");
		assertThat(entries.get(config)).isEqualTo(IMAGE.configJson());
		assertThat(entries.get(layers.get(0))).isEqualTo(IMAGE.layers.get(0));
		assertThat(entries.get(layers.get(1))).isEqualTo(IMAGE.layers.get(1));
		JsonNode manifest = TestImages.MAPPER.readTree(entries.get("manifest.json"));
		assertThat(manifest).hasSize(1);
		assertThat(manifest.get(0).get("Config").asString()).isEqualTo(config);
		assertThat(manifest.get(0).get("RepoTags").get(0).asString()).isEqualTo("app:1");
		assertThat(manifest.get(0).get("RepoTags")).hasSize(1);
		assertThat(manifest.get(0).get("Layers").get(1).asString()).isEqualTo(layers.get(1));
	}

	@Test
	void anOciLayoutHoldsTheBlobsAsStoredAndNamesTheImageInItsIndex() throws IOException {
		Map<String, byte[]> entries = save(ArchiveFormat.OCI);
		assertThat(entries).containsKeys("oci-layout", "index.json",
				"blobs/sha256/" + TestTar.sha256(IMAGE.manifestJson()).hex());
		assertThat(entries.get("blobs/sha256/" + TestTar.sha256(IMAGE.layerBlobs().get(0)).hex()))
			.isEqualTo(IMAGE.layerBlobs().get(0));
		JsonNode index = TestImages.MAPPER.readTree(entries.get("index.json"));
		JsonNode manifest = index.get("manifests").get(0);
		assertThat(manifest.get("digest").asString()).isEqualTo(TestTar.sha256(IMAGE.manifestJson()).toString());
		assertThat(manifest.get("size").asLong()).isEqualTo(IMAGE.manifestJson().length);
		assertThat(manifest.get("annotations").get("io.containerd.image.name").asString())
			.isEqualTo("docker.io/library/app:1");
		assertThat(manifest.get("annotations").get("org.opencontainers.image.ref.name").asString()).isEqualTo("1");
	}

	@Test
	void fullNamesAreWrittenAsContainerdWritesThem() {
		assertThat(ImageArchiveWriter.fullName("busybox:latest")).isEqualTo("docker.io/library/busybox:latest");
		assertThat(ImageArchiveWriter.fullName("user/app:1")).isEqualTo("docker.io/user/app:1");
		assertThat(ImageArchiveWriter.fullName("127.0.0.1:5000/app:1")).isEqualTo("127.0.0.1:5000/app:1");
		assertThat(ImageArchiveWriter.fullName("localhost/app:1")).isEqualTo("localhost/app:1");
	}

}
