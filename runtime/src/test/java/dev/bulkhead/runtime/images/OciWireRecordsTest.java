package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.bulkhead.runtime.content.Digest;

import static org.assertj.core.api.Assertions.assertThat;

class OciWireRecordsTest {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private byte[] sample(String name) throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/samples/" + name)) {
			assertThat(in).as("sample " + name).isNotNull();
			return in.readAllBytes();
		}
	}

	private <T> void assertRoundTrip(String sample, Class<T> type) throws IOException {
		byte[] json = sample(sample);
		T value = this.mapper.readValue(json, type);
		JsonNode written = this.mapper.readTree(this.mapper.writeValueAsBytes(value));
		assertThat(written).isEqualTo(this.mapper.readTree(json));
		assertThat(this.mapper.readValue(this.mapper.writeValueAsBytes(value), type)).isEqualTo(value);
	}

	@Test
	void manifestRoundTripsWithTheSpecsFieldNames() throws IOException {
		assertRoundTrip("oci-manifest.json", Manifest.class);
		Manifest manifest = this.mapper.readValue(sample("oci-manifest.json"), Manifest.class);
		assertThat(manifest.schemaVersion()).isEqualTo(2);
		assertThat(manifest.config().parsedDigest()).isEqualTo(Digest.sha256("1".repeat(64)));
		assertThat(manifest.layers()).extracting(Descriptor::size).containsExactly(1048576L, 10240L);
		assertThat(manifest.layers().get(0).annotation("dev.bulkhead.sample")).isEqualTo("bottom layer");
	}

	@Test
	void imageIndexRoundTripsWithPlatforms() throws IOException {
		assertRoundTrip("oci-index.json", ImageIndex.class);
		ImageIndex index = this.mapper.readValue(sample("oci-index.json"), ImageIndex.class);
		assertThat(index.manifests()).extracting(Descriptor::platform)
			.containsExactly(new Platform("amd64", "linux", null), new Platform("arm", "linux", "v7"));
		assertThat(index.annotations()).containsEntry(MediaTypes.REF_NAME_ANNOTATION, "app:1.0");
	}

	@Test
	void dockerArchiveManifestRoundTripsWithItsCapitalisedNames() throws IOException {
		byte[] json = sample("docker-archive-manifest.json");
		DockerArchiveEntry[] entries = this.mapper.readValue(json, DockerArchiveEntry[].class);
		assertThat(this.mapper.readTree(this.mapper.writeValueAsBytes(entries))).isEqualTo(this.mapper.readTree(json));
		assertThat(entries[0].repoTags()).containsExactly("app:1.0", "registry.example:5000/team/app:stable");
		assertThat(entries[0].layers()).containsExactly("0123abcd/layer.tar", "4567ef01/layer.tar");
	}

	@Test
	void imageConfigRoundTrips() throws IOException {
		assertRoundTrip("oci-image-config.json", ImageConfig.class);
		ImageConfig config = this.mapper.readValue(sample("oci-image-config.json"), ImageConfig.class);
		assertThat(config.config().entrypoint()).containsExactly("/bin/app");
		assertThat(config.rootfs().diffIds()).hasSize(2);
	}

	@Test
	void unknownFieldsAreIgnoredAndNotWrittenBack() throws IOException {
		byte[] json = sample("oci-descriptor-with-unknown-fields.json");
		Descriptor descriptor = this.mapper.readValue(json, Descriptor.class);
		assertThat(descriptor.platform()).isEqualTo(new Platform("arm64", "linux", "v8"));
		ObjectNode expected = (ObjectNode) this.mapper.readTree(json);
		expected.remove("urls");
		expected.remove("artifactType");
		((ObjectNode) expected.get("platform")).remove("os.version");
		assertThat(this.mapper.readTree(this.mapper.writeValueAsBytes(descriptor))).isEqualTo(expected);
	}

	@Test
	void absentOptionalFieldsAreNotWrittenAsNulls() {
		Descriptor descriptor = new Descriptor(MediaTypes.OCI_CONFIG, "sha256:" + "a".repeat(64), 2, null, null);
		JsonNode written = this.mapper.readTree(this.mapper.writeValueAsBytes(descriptor));
		assertThat(written.propertyNames()).containsExactlyInAnyOrder("mediaType", "digest", "size");
		assertThat(this.mapper.convertValue(descriptor, Map.class)).doesNotContainKey("platform");
	}

	@Test
	void hostPlatformMapsJavaArchitecturesToOciNames() {
		assertThat(Platform.ociArchitecture("amd64")).isEqualTo("amd64");
		assertThat(Platform.ociArchitecture("x86_64")).isEqualTo("amd64");
		assertThat(Platform.ociArchitecture("aarch64")).isEqualTo("arm64");
		assertThat(Platform.host().os()).isEqualTo("linux");
	}

}
