package dev.bulkhead.it.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.OciLayoutBuilder;
import dev.bulkhead.it.support.OciLayoutBuilder.Entry;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a clear 4xx problem and leaves nothing behind: no blobs, snapshots,
 * mounts or half-made images.
 */
class BadInputIT extends PlatformTest {

	private void assertRefusedAndNothingLeft(Api.Response response, int status, String detailPart) throws IOException {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).containsIgnoringCase(detailPart);
	}

	private List<String> files(String under) throws IOException {
		Path dir = this.server.dataRoot().resolve(under);
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			return paths.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
		}
	}

	private void assertStoreUnchanged(Runnable action) throws IOException {
		List<String> blobs = files("blobs");
		List<String> snapshots = files("snapshots");
		String images = this.api.get("/api/v1/images").body();
		action.run();
		assertThat(files("blobs")).isEqualTo(blobs);
		assertThat(files("snapshots")).as("snapshot files").isEqualTo(snapshots);
		assertThat(this.api.get("/api/v1/images").body()).isEqualTo(images);
		assertThat(files("images/tmp")).as("temporary files of the load").isEmpty();
		assertThat(HostState.mountsUnder(this.server.dataRoot())).isEmpty();
	}

	@Test
	void unknownImageIsNotFound() throws IOException {
		Api.Response response = this.api.post("/api/v1/containers",
				"{\"image\":\"nosuch:1.0\",\"command\":[\"true\"]}");
		assertRefusedAndNothingLeft(response, 404, "nosuch");
	}

	@Test
	void malformedJsonIsABadRequest() throws IOException {
		Api.Response response = this.api.post("/api/v1/containers", "{\"image\": \"busybox\", ");
		assertRefusedAndNothingLeft(response, 400, "JSON");
	}

	@Test
	void corruptTarIsRefusedAndLeavesNothing() throws IOException {
		assertStoreUnchanged(() -> {
			byte[] garbage = new byte[4096];
			Arrays.fill(garbage, (byte) 'x');
			Api.Response response = this.api.upload("/api/v1/images/load", garbage);
			assertThat(response.status()).as(response.body()).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
		});
	}

	@Test
	void truncatedTarIsRefusedAndLeavesNothing() throws IOException {
		assertStoreUnchanged(() -> {
			byte[] whole = TestImages.busyboxTar();
			byte[] half = Arrays.copyOf(whole, whole.length / 2);
			Api.Response response = this.api.upload("/api/v1/images/load", half);
			assertThat(response.status()).as(response.body()).isEqualTo(400);
		});
	}

	@Test
	void layerWithParentDirectoryPathIsRefusedNamingTheEntry() throws IOException {
		assertStoreUnchanged(() -> {
			byte[] tar = new OciLayoutBuilder().layer(Entry.file("ok.txt", "fine"), Entry.file("../escape.txt", "evil"))
				.build("evil:dotdot");
			Api.Response response = this.api.upload("/api/v1/images/load", tar);
			assertThat(response.status()).as(response.body()).isEqualTo(400);
			assertThat(response.json().get("detail").asString()).contains("escape.txt");
		});
	}

	@Test
	void layerWritingThroughAnAbsoluteSymlinkIsRefused() throws IOException {
		Path target = Files.createTempDirectory("bulkhead-symlink-target-");
		try {
			assertStoreUnchanged(() -> {
				byte[] tar = new OciLayoutBuilder()
					.layer(Entry.symlink("escape", target.toString()), Entry.file("escape/pwned", "evil"))
					.build("evil:symlink");
				Api.Response response = this.api.upload("/api/v1/images/load", tar);
				assertThat(response.status()).as(response.body()).isEqualTo(400);
				assertThat(response.json().get("detail").asString()).contains("pwned");
			});
			assertThat(target.resolve("pwned")).doesNotExist();
		}
		finally {
			Files.deleteIfExists(target.resolve("pwned"));
			Files.delete(target);
		}
	}

	@Test
	void unauthenticatedRequestsAreRefused() {
		Api anonymous = new Api(this.server.baseUrl());
		Api.Response response = anonymous.get("/api/v1/containers");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

}
