package dev.bulkhead.it.images;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
 * Images the test builds itself (whiteouts, opaque directories, hard links, symlinks,
 * modes, owners, an xattr, a zstd layer, a two-platform index, a 100 MB layer) are pushed
 * into Debian's docker-registry, pulled through the API, and read back from inside a
 * busybox container.
 */
class RegistryImageContentIT extends PlatformTest {

	private LocalRegistry registry;

	private RegistryUpload upload;

	@Override
	protected List<String> serverArguments() {
		Assumptions.assumeTrue(LocalRegistry.available(),
				"needs docker-registry, skopeo and apache2-utils (the CI script installs them)");
		this.registry = LocalRegistry.anonymous();
		this.upload = RegistryUpload.anonymous(this.registry);
		return List.of("--bulkhead.registries.insecure=" + this.registry.host());
	}

	@AfterAll
	void stopRegistry() {
		if (this.registry != null) {
			this.registry.close();
		}
	}

	@Test
	void layersWithWhiteoutsLinksModesOwnersAndAZstdLayerAppearInTheContainerAsBuilt() throws Exception {
		LayerTar lower = new LayerTar().dir("data")
			.file("data/keep", "kept\n", 0644, 1234, 5678)
			.file("data/secret", "hidden\n", 0600, 1000, 1000)
			.file("data/tool", "#!/bin/sh\necho tool\n", 0755, 0, 0)
			.file("data/gone", "to be deleted\n")
			.dir("data/dir")
			.file("data/dir/a", "a\n")
			.file("data/dir/b", "b\n")
			.file("data/hard1", "linked\n")
			.hardlink("data/hard2", "data/hard1")
			.symlink("data/rel", "keep")
			.symlink("data/abs", "/etc/passwd")
			.dir("data/sticky", 01777, 0, 0)
			.dir("data/private", 0700, 4321, 4321)
			.fileWithXattr("data/xattr-file", "has an xattr\n", "user.bulkhead", "it-value");
		LayerTar upper = new LayerTar().whiteout("data/gone")
			.opaque("data/dir")
			.file("data/dir/c", "c from the zstd layer\n")
			.file("data/added", "added by zstd\n", 0640, 0, 65534);
		String reference = this.registry.host() + "/content/layers:1";
		new RegistryImage().layer(LayerTar.GZIP, lower)
			.layer(LayerTar.ZSTD, upper)
			.push(this.upload, "content/layers", "1");
		pull(reference);

		String out = runAndRead(reference, "cd /data && stat -c '%n %a %u:%g %h %F' keep secret tool hard1 hard2 "
				+ "sticky private dir added && readlink rel && readlink abs && cat keep added dir/c && ls -A dir && ls -A "
				+ "&& [ \"$(stat -c %i hard1)\" = \"$(stat -c %i hard2)\" ] && echo same-inode");
		assertThat(out).contains("keep 644 1234:5678 1 regular file")
			.contains("secret 600 1000:1000 1 regular file")
			.contains("tool 755 0:0 1 regular file")
			.contains("hard1 644 0:0 2 regular file")
			.contains("hard2 644 0:0 2 regular file")
			.contains("sticky 1777 0:0")
			.contains("private 700 4321:4321")
			.contains("added 640 0:65534")
			.contains("same-inode")
			.contains("kept\nadded by zstd\nc from the zstd layer\n");
		assertThat(out).contains("\nkeep\n/etc/passwd\n");
		// The opaque directory shows only what the upper layer put there, and no
		// whiteout file is visible anywhere.
		assertThat(out).contains("\nc\n").doesNotContain("gone").doesNotContain(".wh.");
		assertThat(lines(out)).doesNotContain("a", "b");
		assertThat(xattrOnHost("xattr-file", "user.bulkhead")).isEqualTo("it-value");
	}

	@Test
	void anIndexResolvesToTheHostsPlatformAndTheOtherOneIsNotPulled() {
		String host = RegistryImage.hostArchitecture();
		String other = host.equals("arm64") ? "amd64" : "arm64";
		RegistryImage.Pushed native_ = new RegistryImage()
			.layer(LayerTar.GZIP, new LayerTar().dir("etc").file("etc/platform", "built for " + host + "\n"))
			.platform(host, null)
			.push(this.upload, "content/multi", "native");
		RegistryImage.Pushed foreign = new RegistryImage()
			.layer(LayerTar.GZIP, new LayerTar().dir("etc").file("etc/platform", "built for " + other + "\n"))
			.platform(other, other.equals("arm64") ? "v8" : null)
			.push(this.upload, "content/multi", "foreign");
		RegistryImage.pushIndex(this.upload, "content/multi", "both", List.of(foreign, native_));
		String reference = this.registry.host() + "/content/multi:both";
		JsonNode image = last(pull(reference)).get("image");
		assertThat(image.get("manifest").asString()).isEqualTo(native_.digest());
		assertThat(image.get("architecture").asString()).isEqualTo(host);
		assertThat(runAndRead(reference, "cat /etc/platform")).contains("built for " + host)
			.doesNotContain("built for " + other);
	}

	@Test
	void anIndexWithoutTheHostsPlatformIsA400NamingThePlatformsItHas() {
		String host = RegistryImage.hostArchitecture();
		String first = host.equals("arm64") ? "amd64" : "arm64";
		RegistryImage.Pushed a = new RegistryImage().platform(first, null).push(this.upload, "content/foreign", "a");
		RegistryImage.Pushed b = new RegistryImage().platform("s390x", null).push(this.upload, "content/foreign", "b");
		RegistryImage.pushIndex(this.upload, "content/foreign", "only", List.of(a, b));
		Api.Response response = this.api.post("/api/v1/images/pull",
				"{\"reference\":\"" + this.registry.host() + "/content/foreign:only\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("linux/" + first)
			.contains("linux/s390x")
			.contains("linux/" + host);
	}

	@Test
	void aHundredMegabyteLayerIsPulledAndReadBackWhole() {
		long size = 100L << 20;
		String reference = this.registry.host() + "/content/big:1";
		new RegistryImage().layer(RegistryImage.randomFileLayer("big.bin", size, 42))
			.push(this.upload, "content/big", "1");
		long started = System.nanoTime();
		pull(reference);
		long millis = (System.nanoTime() - started) / 1_000_000;
		System.out.println("pulled and unpacked the 100 MiB image in " + millis + " ms");
		assertThat(runAndRead(reference, "sha256sum /big.bin && stat -c %s /big.bin"))
			.contains(RegistryImage.randomFileSha256(size, 42))
			.contains(Long.toString(size));
	}

	private List<JsonNode> pull(String reference) {
		Api.Response response = this.api.post("/api/v1/images/pull", "{\"reference\":\"" + reference + "\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<JsonNode> lines = Stream.of(response.body().split("\n"))
			.filter((line) -> !line.isBlank())
			.map(Api.JSON::readTree)
			.toList();
		assertThat(last(lines).get("status").asString()).as(response.body()).isEqualTo("done");
		return lines;
	}

	private String runAndRead(String image, String script) {
		Api.Response created = this.api.post("/api/v1/containers", "{\"image\":\"" + image
				+ "\",\"network\":\"none\",\"command\":[\"sh\",\"-c\"," + Api.JSON.writeValueAsString(script) + "]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Api.CREATED.add(id);
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		JsonNode exit = this.api.await(id);
		String logs = this.api.get("/api/v1/containers/" + id + "/logs").body();
		assertThat(exit.get("exitCode").asInt()).as(logs).isZero();
		this.api.delete("/api/v1/containers/" + id + "?force=true");
		return logs;
	}

	/** Reads an xattr of the unpacked file straight from the layer on the host. */
	private String xattrOnHost(String fileName, String name) throws IOException {
		try (Stream<Path> files = Files.walk(this.server.dataRoot())) {
			Path file = files.filter((p) -> p.getFileName().toString().equals(fileName))
				.filter(Files::isRegularFile)
				.findFirst()
				.orElseThrow(() -> new AssertionError(fileName + " is in no layer under the data root"));
			UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
			String attribute = name.substring("user.".length());
			ByteBuffer value = ByteBuffer.allocate(view.size(attribute));
			view.read(attribute, value);
			return new String(value.array(), StandardCharsets.UTF_8);
		}
	}

	private static List<String> lines(String text) {
		return List.of(text.split("\n"));
	}

	private static JsonNode last(List<JsonNode> lines) {
		return lines.get(lines.size() - 1);
	}

}
