package dev.bulkhead.it.images;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.HostState;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code docker tag/rmi/image prune/save/load/import/system df} do, on a real
 * server: names move and go, an image a container uses is kept (and the refusal names
 * only the containers the caller may see), prune frees exactly what df said it would, a
 * saved image loads back with the same id (and skopeo reads it), an imported root
 * filesystem runs, and df's numbers are the sizes of the files on disk.
 */
class ImageStoreOpsIT extends PlatformTest {

	private static final String PASSWORD = "a long enough passphrase";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void taggingAddsANameAndRemovingOneOfSeveralNamesOnlyUntags() {
		String id = this.api.get("/api/v1/images/busybox").json().get("id").asString();
		Api.Response tagged = this.api.post("/api/v1/images/busybox:latest/tag",
				"{\"target\":\"127.0.0.1:5999/it-ops/tagged:1\"}");
		assertThat(tagged.status()).as(tagged.body()).isEqualTo(200);
		assertThat(tagged.json().get("references").toString()).contains("127.0.0.1:5999/it-ops/tagged:1");
		assertThat(this.api.get("/api/v1/images/127.0.0.1:5999/it-ops/tagged:1").json().get("id").asString())
			.isEqualTo(id);

		Api.Response bad = this.api.post("/api/v1/images/busybox/tag", "{\"target\":\"Not A Name\"}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("detail").asString()).contains("not a valid image reference");
		assertThat(this.api.post("/api/v1/images/no-such-image:1/tag", "{\"target\":\"x:1\"}").status()).isEqualTo(404);

		Api.Response untag = this.api.delete("/api/v1/images/127.0.0.1:5999/it-ops/tagged:1");
		assertThat(untag.status()).as(untag.body()).isEqualTo(200);
		assertThat(untag.json().get("untagged").toString()).contains("127.0.0.1:5999/it-ops/tagged:1");
		assertThat(untag.json().get("deleted")).isEmpty();
		assertThat(untag.json().get("reclaimedBytes").asLong()).isZero();
		assertThat(this.api.get("/api/v1/images/busybox").json().get("id").asString()).isEqualTo(id);
	}

	@Test
	void inspectShowsTheConfigHistoryPlatformAndEachLayerWithItsSizes() throws IOException {
		JsonNode image = this.api.get("/api/v1/images/busybox").json();
		assertThat(image.get("env").toString()).contains("PATH=/bin");
		assertThat(image.get("cmd").toString()).isEqualTo("[\"sh\"]");
		assertThat(image.get("workingDir").asString()).isEqualTo("/");
		assertThat(image.get("platform").get("os").asString()).isEqualTo("linux");
		assertThat(image.get("repoTags").toString()).contains("busybox:latest");
		assertThat(image.get("repoDigests").toString()).contains("busybox@" + image.get("manifest").asString());
		assertThat(image.get("history").get(0).get("createdBy").asString()).contains("make-busybox-image.sh");
		JsonNode layer = image.get("layerDetails").get(0);
		Path blob = this.server.dataRoot().resolve("blobs/sha256/" + layer.get("digest").asString().substring(7));
		assertThat(layer.get("size").asLong()).isEqualTo(Files.size(blob));
		assertThat(layer.get("unpackedSize").asLong()).isGreaterThan(Files.size(Path.of("/bin/busybox")) - 1);
		assertThat(layer.get("diffId").asString()).isEqualTo(image.get("layers").get(0).asString());
	}

	@Test
	void anImportedRootfsRunsAndItsImageIsKeptWhileAContainerUsesIt() {
		String reference = "it-ops/imported:1";
		Api.Response imported = importBusybox(reference, "cmd=sh&cmd=-c&cmd=" + encode("echo imported, ok"),
				"env=PATH=/bin");
		assertThat(imported.status()).as(imported.body()).isEqualTo(201);
		String imageId = imported.json().get("id").asString();
		assertThat(imported.json().get("cmd").toString()).isEqualTo("[\"sh\",\"-c\",\"echo imported, ok\"]");

		String id = createFrom(this.api, "imported-run", reference);
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		assertThat(this.api.await(id).get("exitCode").asInt()).isZero();
		assertThat(this.api.get("/api/v1/containers/" + id + "/logs").body()).isEqualTo("imported, ok\n");

		Api.Response refused = this.api.delete("/api/v1/images/" + reference);
		assertThat(refused.status()).as(refused.body()).isEqualTo(409);
		assertThat(refused.json().get("detail").asString()).contains("container imported-run");
		Api.Response hidden = member("ops-other", "ops-other-team").delete("/api/v1/images/" + reference);
		assertThat(hidden.status()).as(hidden.body()).isEqualTo(409);
		assertThat(hidden.json().get("detail").asString()).contains("a container of another team")
			.doesNotContain("imported-run")
			.doesNotContain(id);

		Api.Response forced = this.api.delete("/api/v1/images/" + reference + "?force=true");
		assertThat(forced.status()).as(forced.body()).isEqualTo(200);
		assertThat(forced.json().get("untagged").toString()).contains(reference);
		assertThat(forced.json().get("deleted")).isEmpty();
		JsonNode kept = this.api.get("/api/v1/images/" + imageId).json();
		assertThat(kept.get("references")).isEmpty();
		assertThat(kept.get("containers").asInt()).isEqualTo(1);
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status())
			.as("the container still starts from its untagged image")
			.isEqualTo(200);
		assertThat(this.api.await(id).get("exitCode").asInt()).isZero();

		assertThat(this.api.delete("/api/v1/containers/" + id).status()).isEqualTo(204);
		long predicted = this.api.get("/api/v1/system/df")
			.json()
			.get("images")
			.get("danglingReclaimableBytes")
			.asLong();
		Api.Response pruned = this.api.post("/api/v1/images/prune");
		assertThat(pruned.status()).as(pruned.body()).isEqualTo(200);
		assertThat(pruned.json().get("deleted").toString()).contains(imageId);
		assertThat(pruned.json().get("reclaimedBytes").asLong()).isEqualTo(predicted).isPositive();
		assertThat(this.api.get("/api/v1/images/" + imageId).status()).isEqualTo(404);
	}

	@Test
	void aSavedImageLoadsBackWithTheSameIdInBothFormatsAndSkopeoReadsIt() throws Exception {
		String reference = "it-ops/round-trip:1";
		Api.Response imported = importBusybox(reference, "cmd=sh");
		assertThat(imported.status()).as(imported.body()).isEqualTo(201);
		String imageId = imported.json().get("id").asString();
		for (String format : List.of("docker-archive", "oci")) {
			String manifest = this.api.get("/api/v1/images/" + reference).json().get("manifest").asString();
			byte[] tar = getBytes("/api/v1/images/" + reference + "/save?format=" + format);
			Map<String, byte[]> entries = entries(tar);
			if (format.equals("oci")) {
				assertThat(entries).containsKeys("oci-layout", "index.json");
			}
			else {
				assertThat(entries).containsKey("manifest.json");
			}
			assertSkopeoReads(tar, format);
			Api.Response removed = this.api.delete("/api/v1/images/" + imageId);
			assertThat(removed.status()).as(removed.body()).isEqualTo(200);
			assertThat(removed.json().get("deleted").toString()).contains(imageId);
			assertThat(this.api.get("/api/v1/images/" + imageId).status()).isEqualTo(404);
			Api.Response loaded = this.api.upload("/api/v1/images/load", tar);
			assertThat(loaded.status()).as(loaded.body()).isEqualTo(201);
			assertThat(loaded.json().get(0).get("id").asString()).as(format).isEqualTo(imageId);
			assertThat(loaded.json().get(0).get("references").toString()).as(format).contains(reference);
			if (format.equals("oci")) {
				// An OCI layout carries the manifest byte for byte.
				assertThat(loaded.json().get(0).get("manifest").asString()).isEqualTo(manifest);
			}
		}
		assertThat(this.api.get("/api/v1/images/" + reference + "/save?format=zip").status()).isEqualTo(400);
		assertThat(this.api.get("/api/v1/images/no-such-image:1/save").status()).isEqualTo(404);
		assertThat(this.api.delete("/api/v1/images/" + reference).status()).isEqualTo(200);
	}

	@Test
	void dfNumbersAreTheSizesOfTheFilesOnDiskAndPruneAllFreesWhatItSays() throws IOException {
		Api.Response imported = importBusybox("it-ops/df:1", "cmd=true");
		assertThat(imported.status()).as(imported.body()).isEqualTo(201);
		String id = createFrom(this.api, "df-box", "busybox");
		assertThat(this.api.post("/api/v1/containers/" + id + "/start").status()).isEqualTo(200);
		this.api.await(id);

		JsonNode df = this.api.get("/api/v1/system/df").json();
		JsonNode images = df.get("images");
		Path data = this.server.dataRoot();
		assertThat(images.get("blobBytes").asLong()).isEqualTo(regularFileBytes(data.resolve("blobs/sha256")));
		long snapshotFiles = 0;
		try (Stream<Path> snapshots = Files.list(data.resolve("snapshots"))) {
			for (Path snapshot : snapshots.filter((p) -> Files.isDirectory(p.resolve("fs"))).toList()) {
				snapshotFiles += regularFileBytes(snapshot.resolve("fs"));
			}
		}
		assertThat(images.get("layerBytes").asLong() + df.get("containers").get("writableBytes").asLong())
			.isEqualTo(snapshotFiles);
		assertThat(images.get("totalBytes").asLong())
			.isEqualTo(images.get("blobBytes").asLong() + images.get("layerBytes").asLong())
			.isEqualTo(images.get("uniqueBytes").asLong() + images.get("sharedBytes").asLong());
		assertThat(df.get("containers").get("items").findValuesAsString("name")).contains("df-box");
		assertThat(df.get("volumes")).isEmpty();
		for (JsonNode image : this.api.get("/api/v1/images").json()) {
			assertThat(image.get("diskBytes").asLong())
				.isEqualTo(image.get("sharedBytes").asLong() + image.get("uniqueBytes").asLong());
		}

		// busybox is used by df-box and stays; the imported image goes.
		long predicted = images.get("reclaimableBytes").asLong();
		Api.Response pruned = this.api.post("/api/v1/images/prune?all=true");
		assertThat(pruned.status()).as(pruned.body()).isEqualTo(200);
		assertThat(pruned.json().get("deleted").toString()).contains(imported.json().get("id").asString());
		assertThat(pruned.json().get("reclaimedBytes").asLong()).isEqualTo(predicted);
		assertThat(this.api.get("/api/v1/images/" + TestImages.BUSYBOX).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/system/df").json().get("images").get("reclaimableBytes").asLong()).isZero();
		assertThat(this.api.delete("/api/v1/containers/" + id).status()).isEqualTo(204);
	}

	@Test
	void onlyDevelopersAndAdministratorsPruneImportAndTag() {
		Api viewer = member("ops-viewer", "ops-viewers", "viewer");
		assertThat(viewer.post("/api/v1/images/prune?all=true").status()).isEqualTo(403);
		assertThat(viewer.post("/api/v1/images/busybox/tag", "{\"target\":\"mine:1\"}").status()).isEqualTo(403);
		assertThat(viewer.upload("/api/v1/images/import?reference=mine:1", new byte[] { 1 }).status()).isEqualTo(403);
		assertThat(viewer.get("/api/v1/system/df").status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/images/busybox").status()).isEqualTo(200);
	}

	@Test
	void theDashboardShowsSizesAndAnImagePageAndShowsATagErrorNextToItsForm() throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
		String login = page(browser, "/login");
		String loginToken = between(login, "name=\"_csrf\" value=\"", "\"");
		HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(this.api.uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
					+ encode(dev.bulkhead.it.support.BulkheadServer.ADMIN_PASSWORD) + "&_csrf=" + encode(loginToken)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.statusCode()).isEqualTo(302);

		String list = page(browser, "/images");
		assertThat(list).contains("busybox:latest")
			.contains("Disk use")
			.contains("Prune all unused images")
			.contains("Import a root filesystem")
			.contains(" MiB");
		String detail = page(browser, "/images/view?reference=busybox");
		assertThat(detail).contains("Layers")
			.contains("History")
			.contains("make-busybox-image.sh")
			.contains("PATH=/bin")
			.contains("id=\"tag-errors\"");
		String token = between(detail, "name=\"csrf-token\" content=\"", "\"");

		HttpResponse<String> refused = htmxPost(browser, token, "/images/tag", "tag-errors",
				"reference=busybox&target=" + encode("Not A Name"));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("HX-Retarget")).hasValue("#tag-errors");
		assertThat(refused.body()).contains("not a valid image reference");
		HttpResponse<String> tagged = htmxPost(browser, token, "/images/tag", "tag-errors",
				"reference=busybox&target=" + encode("it-ops/from-ui:1"));
		assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(204);
		assertThat(tagged.headers().firstValue("HX-Redirect")).hasValue("/images/view?reference=it-ops%2Ffrom-ui%3A1");
		HttpResponse<byte[]> saved = browser.send(
				HttpRequest.newBuilder(this.api.uri("/images/save?reference=it-ops/from-ui:1&format=oci")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(saved.statusCode()).isEqualTo(200);
		assertThat(entries(saved.body())).containsKeys("oci-layout", "index.json");
		HttpResponse<String> removed = htmxPost(browser, token, "/images/remove", "remove-errors",
				"reference=" + encode("it-ops/from-ui:1"));
		assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/images/it-ops/from-ui:1").status()).isEqualTo(404);
	}

	private String page(HttpClient browser, String path) throws Exception {
		HttpResponse<String> response = browser.send(HttpRequest.newBuilder(this.api.uri(path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private HttpResponse<String> htmxPost(HttpClient browser, String csrf, String path, String target, String form)
			throws Exception {
		return browser.send(HttpRequest.newBuilder(this.api.uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("HX-Request", "true")
			.header("HX-Target", target)
			.header("X-CSRF-TOKEN", csrf)
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String between(String text, String start, String end) {
		int from = text.indexOf(start);
		assertThat(from).as("'" + start + "' in the page").isNotNegative();
		from += start.length();
		return text.substring(from, text.indexOf(end, from));
	}

	private Api.Response importBusybox(String reference, String... parameters) {
		String query = "reference=" + encode(reference)
				+ ((parameters.length > 0) ? "&" + String.join("&", parameters) : "");
		return this.api.upload("/api/v1/images/import?" + query, busyboxRootfs());
	}

	/** The busybox root filesystem as a plain tar: the layer of a docker-archive save. */
	private byte[] busyboxRootfs() {
		Map<String, byte[]> entries = entries(getBytes("/api/v1/images/busybox/save?format=docker-archive"));
		JsonNode manifest = Api.JSON.readTree(entries.get("manifest.json"));
		return entries.get(manifest.get(0).get("Layers").get(0).asString());
	}

	private byte[] getBytes(String path) {
		try {
			HttpResponse<byte[]> response = this.http.send(this.api.authorized(path).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-tar");
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, byte[]> entries(byte[] tar) {
		Map<String, byte[]> entries = new HashMap<>();
		try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
			TarArchiveEntry entry;
			while ((entry = in.getNextEntry()) != null) {
				entries.put(entry.getName(), in.readAllBytes());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return entries;
	}

	private void assertSkopeoReads(byte[] tar, String format) throws Exception {
		Assumptions.assumeTrue(HostState.onPath("skopeo"), "needs skopeo (the CI script installs it)");
		Path file = this.roots.resolve("saved-" + format + ".tar");
		Files.write(file, tar);
		String transport = format.equals("oci") ? "oci-archive:" : "docker-archive:";
		Process skopeo = new ProcessBuilder("skopeo", "inspect", "--raw", transport + file).redirectErrorStream(true)
			.start();
		String output = new String(skopeo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(skopeo.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(skopeo.exitValue()).as(output).isZero();
		assertThat(Api.JSON.readTree(output).get("layers")).as(output).hasSize(1);
		Files.delete(file);
	}

	private static String createFrom(Api api, String name, String image) {
		Api.Response created = api.post("/api/v1/containers",
				"{\"name\":\"" + name + "\",\"image\":\"" + image + "\",\"network\":\"none\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Api.CREATED.add(id);
		return id;
	}

	private Api member(String username, String team) {
		return member(username, team, "developer");
	}

	private Api member(String username, String team, String role) {
		expect(this.api.post("/api/v1/teams", "{\"name\":\"" + team + "\"}"), 201);
		expect(this.api.post("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}"),
				201);
		expect(this.api.send(this.api.authorized("/api/v1/teams/" + team + "/members/" + username)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\"}"))), 200);
		return new Api(this.server.baseUrl()).login(username, PASSWORD);
	}

	private static void expect(Api.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * Bytes of the regular files below a directory, each inode once, as df counts them.
	 */
	private static long regularFileBytes(Path dir) throws IOException {
		Set<Object> seen = new HashSet<>();
		long[] bytes = new long[1];
		Files.walkFileTree(dir, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
				if (attrs.isRegularFile() && seen.add(attrs.fileKey())) {
					bytes[0] += attrs.size();
				}
				return FileVisitResult.CONTINUE;
			}
		});
		return bytes[0];
	}

}
