package dev.bulkhead.runtime.images;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.content.Digest;

/**
 * Builds image archives for tests: an OCI image layout tar or a docker save tar, from
 * layer tars and a few config fields. Hooks let a test break one part on purpose.
 */
final class TestImages {

	static final ObjectMapper MAPPER = JsonMapper.builder().build();

	final List<byte[]> layers = new ArrayList<>();

	final List<Boolean> gzipped = new ArrayList<>();

	String user = "1000:1000";

	List<String> env = List.of("PATH=/bin", "MODE=test");

	List<String> entrypoint = List.of("/bin/app");

	List<String> cmd = List.of("--serve");

	String architecture = "amd64";

	/** Replaces the diff ids written into the config, when set. */
	List<String> diffIdsOverride;

	TestImages layer(TestTar tar, boolean gzip) {
		byte[] plain = tar.bytes();
		this.layers.add(plain);
		this.gzipped.add(gzip);
		return this;
	}

	TestImages rawLayer(byte[] plain, boolean gzip) {
		this.layers.add(plain);
		this.gzipped.add(gzip);
		return this;
	}

	TestImages user(String user) {
		this.user = user;
		return this;
	}

	TestImages entrypoint(String... entrypoint) {
		this.entrypoint = List.of(entrypoint);
		return this;
	}

	List<byte[]> layerBlobs() {
		List<byte[]> blobs = new ArrayList<>();
		for (int i = 0; i < this.layers.size(); i++) {
			blobs.add(this.gzipped.get(i) ? TestTar.gzip(this.layers.get(i)) : this.layers.get(i));
		}
		return blobs;
	}

	List<String> diffIds() {
		if (this.diffIdsOverride != null) {
			return this.diffIdsOverride;
		}
		return this.layers.stream().map((layer) -> TestTar.sha256(layer).toString()).toList();
	}

	byte[] configJson() {
		ImageConfig config = new ImageConfig("2024-01-02T03:04:05Z", null, this.architecture, "linux",
				new ImageConfig.Config(this.user, null, this.env, this.entrypoint, this.cmd, null, "/", null, null),
				new ImageConfig.RootFs("layers", diffIds()), null);
		return MAPPER.writeValueAsBytes(config);
	}

	Digest configDigest() {
		return TestTar.sha256(configJson());
	}

	byte[] manifestJson() {
		byte[] config = configJson();
		List<Descriptor> layerDescriptors = new ArrayList<>();
		List<byte[]> blobs = layerBlobs();
		for (int i = 0; i < blobs.size(); i++) {
			layerDescriptors.add(new Descriptor(this.gzipped.get(i) ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER,
					TestTar.sha256(blobs.get(i)).toString(), blobs.get(i).length, null, null));
		}
		Manifest manifest = new Manifest(2, MediaTypes.OCI_MANIFEST,
				new Descriptor(MediaTypes.OCI_CONFIG, TestTar.sha256(config).toString(), config.length, null, null),
				layerDescriptors, null);
		return MAPPER.writeValueAsBytes(manifest);
	}

	/** The blobs of this image, as the OCI layout holds them. */
	void addBlobs(TestTar tar) {
		tar.file("blobs/sha256/" + TestTar.sha256(configJson()).hex(), configJson(), 0644, 0, 0);
		tar.file("blobs/sha256/" + TestTar.sha256(manifestJson()).hex(), manifestJson(), 0644, 0, 0);
		for (byte[] blob : layerBlobs()) {
			tar.file("blobs/sha256/" + TestTar.sha256(blob).hex(), blob, 0644, 0, 0);
		}
	}

	Descriptor manifestDescriptor(String refName) {
		byte[] manifest = manifestJson();
		return new Descriptor(MediaTypes.OCI_MANIFEST, TestTar.sha256(manifest).toString(), manifest.length,
				(refName != null) ? Map.of(MediaTypes.REF_NAME_ANNOTATION, refName) : null, null);
	}

	/** An OCI image layout tar holding this image under {@code refName}. */
	byte[] ociLayout(String refName) {
		TestTar tar = ociLayoutStart();
		addBlobs(tar);
		ImageIndex index = new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(manifestDescriptor(refName)), null);
		tar.file("index.json", MAPPER.writeValueAsBytes(index), 0644, 0, 0);
		return tar.bytes();
	}

	static TestTar ociLayoutStart() {
		return new TestTar().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}").dir("blobs").dir("blobs/sha256");
	}

	/** A docker save tar holding this image with these RepoTags. */
	byte[] dockerArchive(String... repoTags) {
		TestTar tar = new TestTar();
		String configName = configDigest().hex() + ".json";
		tar.file(configName, configJson(), 0644, 0, 0);
		List<String> layerPaths = new ArrayList<>();
		List<byte[]> blobs = layerBlobs();
		for (int i = 0; i < blobs.size(); i++) {
			String dir = TestTar.sha256(blobs.get(i)).hex();
			tar.dir(dir);
			tar.file(dir + "/layer.tar", blobs.get(i), 0644, 0, 0);
			layerPaths.add(dir + "/layer.tar");
		}
		DockerArchiveEntry entry = new DockerArchiveEntry(configName, List.of(repoTags), layerPaths);
		tar.file("manifest.json", MAPPER.writeValueAsBytes(List.of(entry)), 0644, 0, 0);
		return tar.bytes();
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
