package dev.bulkhead.it.volumes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.OciLayoutBuilder;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Volumes and mounts for real: runc mounts volumes, host paths and tmpfs into hardened
 * (read-only root, uid 65534) containers. The test image has /data owned by 65534, as an
 * image built with {@code RUN chown nobody /data} would.
 */
class VolumesIT extends PlatformTest {

	private static final String OWNED_IMAGE = "it-owned-data:1";

	private static final String ANONYMOUS_IMAGE = "it-anonymous:1";

	private Path allowed;

	@Override
	protected List<String> serverArguments() {
		this.allowed = this.roots.resolve("allowed");
		return List.of("--bulkhead.volumes.bind-prefixes=" + this.allowed);
	}

	@BeforeAll
	void loadImagesAndPrepareHostPaths() throws IOException {
		Files.createDirectories(this.allowed.resolve("share"));
		Files.writeString(this.allowed.resolve("share/motd"), "from the host\n");
		byte[] owned = new OciLayoutBuilder().rawLayer(TestImages.busyboxLayer())
			.ownedDirectoryLayer("data", 65534, 65534, 0755, "seed.txt", "seeded by the image\n")
			.config("{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"]}")
			.build(OWNED_IMAGE);
		assertThat(this.api.upload("/api/v1/images/load", owned).status()).isEqualTo(201);
		byte[] anonymous = new OciLayoutBuilder().rawLayer(TestImages.busyboxLayer())
			.ownedDirectoryLayer("cache", 65534, 65534, 0700)
			.config("{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"],\"Volumes\":{\"/cache\":{}}}")
			.build(ANONYMOUS_IMAGE);
		assertThat(this.api.upload("/api/v1/images/load", anonymous).status()).isEqualTo(201);
	}

	@Test
	void aVolumeWrittenByOneContainerIsReadByTheNextAfterTheFirstIsRemoved() {
		assertThat(this.api.post("/api/v1/volumes", "{\"name\":\"it-shared\",\"labels\":{\"app\":\"it\"}}").status())
			.isEqualTo(201);
		String writer = create("it-writer", OWNED_IMAGE, volume("it-shared", "/data", false),
				"sh -c 'echo hello from the writer > /data/greeting'");
		start(writer);
		assertThat(this.api.await(writer).get("exitCode").asInt()).as(logs(writer)).isZero();
		assertThat(this.api.delete("/api/v1/containers/" + writer).status()).isEqualTo(204);

		String reader = create("it-reader", TestImages.BUSYBOX, volume("it-shared", "/in", true), "cat /in/greeting");
		start(reader);
		assertThat(this.api.await(reader).get("exitCode").asInt()).isZero();
		assertThat(logs(reader)).isEqualTo("hello from the writer\n");

		JsonNode volume = this.api.get("/api/v1/volumes/it-shared").json();
		assertThat(volume.get("sizeBytes").asLong())
			.isEqualTo("hello from the writer\n".length() + "seeded by the image\n".length());
		assertThat(volume.get("containers")).extracting((c) -> c.get("name").asString()).containsExactly("it-reader");
		assertThat(volume.get("labels").get("app").asString()).isEqualTo("it");
		this.api.delete("/api/v1/containers/" + reader);
	}

	@Test
	void aNonRootContainerWritesToANewVolumeOverAnImageDirectoryItOwns() {
		Api.Response created = createResponse("it-owner", OWNED_IMAGE, volume("it-fresh", "/data", false),
				"sh -c 'id -u; cat /data/seed.txt; echo mine > /data/new && stat -c %u:%a /data'");
		assertThat(created.json().get("warnings")).isEmpty();
		String id = created.json().get("id").asString();
		start(id);

		assertThat(this.api.await(id).get("exitCode").asInt()).as(logs(id)).isZero();
		assertThat(logs(id)).isEqualTo("65534\nseeded by the image\n65534:755\n");
	}

	@Test
	void aVolumeTheUserCannotWriteIsWarnedAboutAtCreateAndInInspect() {
		Api.Response created = createResponse("it-warned", TestImages.BUSYBOX, volume("it-rootowned", "/data", false),
				"sh -c 'echo x > /data/f'");
		String expected = "volume 'it-rootowned' data is owned by uid 0 (mode 0755); the container runs as uid 65534 "
				+ "and cannot write to /data";
		assertThat(created.json().get("warnings").get(0).asString()).startsWith(expected);
		String id = created.json().get("id").asString();
		assertThat(this.api.get("/api/v1/containers/" + id).json().get("warnings").get(0).asString())
			.startsWith(expected);
		start(id);

		assertThat(this.api.await(id).get("exitCode").asInt()).isNotZero();
		assertThat(logs(id)).contains("Permission denied");
	}

	@Test
	void aReadOnlyMountRefusesWrites() {
		String id = create("it-readonly", OWNED_IMAGE, volume("it-ro", "/data", true), "sh -c 'echo x > /data/f'");
		start(id);

		assertThat(this.api.await(id).get("exitCode").asInt()).isNotZero();
		assertThat(logs(id)).contains("Read-only file system");
	}

	@Test
	void aTmpfsHasItsSizeAndModeEvenWhereTheImageHasNoDirectory() {
		String tmpfs = "{\"type\":\"tmpfs\",\"target\":\"/scratch/deep\",\"tmpfsSizeBytes\":8388608,"
				+ "\"tmpfsMode\":\"1777\"}";
		String id = create("it-tmpfs", TestImages.BUSYBOX, tmpfs,
				"sh -c 'grep \" /scratch/deep \" /proc/mounts; stat -c mode=%a /scratch/deep; df -k /scratch/deep; "
						+ "echo ok > /scratch/deep/f && cat /scratch/deep/f'");
		start(id);

		assertThat(this.api.await(id).get("exitCode").asInt()).as(logs(id)).isZero();
		assertThat(logs(id)).contains("tmpfs /scratch/deep tmpfs rw,nosuid,nodev,noexec")
			.contains("size=8192k")
			.contains("mode=1777")
			.containsPattern("tmpfs +8192 ")
			.endsWith("ok\n");
	}

	@Test
	void aBindMountOutsideTheAllowedPrefixesIsAPolicyViolation() {
		Api.Response refused = createResponse("it-bind-etc", TestImages.BUSYBOX,
				"{\"type\":\"bind\",\"source\":\"/etc\",\"target\":\"/host-etc\",\"readOnly\":true}", "true");

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().get("detail").asString())
			.contains("mounts[0].source: host path /etc is outside the directories open to bind mounts (" + this.allowed
					+ ")")
			.contains("ask an admin for the exception bind-mount:/etc");
		assertThat(this.api.get("/api/v1/containers").body()).doesNotContain("it-bind-etc");
	}

	@Test
	void aBindMountUnderAnAllowedPrefixWorks() {
		String id = create("it-bind", TestImages.BUSYBOX, "{\"type\":\"bind\",\"source\":\""
				+ this.allowed.resolve("share") + "\",\"target\":\"/share\",\"readOnly\":true}", "cat /share/motd");
		start(id);

		assertThat(this.api.await(id).get("exitCode").asInt()).as(logs(id)).isZero();
		assertThat(logs(id)).isEqualTo("from the host\n");
	}

	@Test
	void aVolumeInUseCannotBeRemovedUntilItsContainerIs() {
		this.api.post("/api/v1/volumes", "{\"name\":\"it-busy\"}");
		String id = create("it-busy-user", TestImages.BUSYBOX, volume("it-busy", "/data", true), "true");

		Api.Response refused = this.api.delete("/api/v1/volumes/it-busy");
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("detail").asString()).contains("in use by container(s) [it-busy-user]");

		this.api.delete("/api/v1/containers/" + id);
		assertThat(this.api.delete("/api/v1/volumes/it-busy").status()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/volumes/it-busy").status()).isEqualTo(404);
	}

	@Test
	void anonymousVolumesAreMadeForTheImagesVolumesAndGoWithTheContainerOnlyWhenAsked() {
		String kept = create("it-anon-kept", ANONYMOUS_IMAGE, null, "sh -c 'echo cached > /cache/f'");
		String anonymousKept = anonymousVolumeOf(kept);
		start(kept);
		assertThat(this.api.await(kept).get("exitCode").asInt()).as(logs(kept)).isZero();
		String removed = create("it-anon-removed", ANONYMOUS_IMAGE, null, "true");
		String anonymousRemoved = anonymousVolumeOf(removed);

		this.api.delete("/api/v1/containers/" + kept);
		assertThat(this.api.delete("/api/v1/containers/" + removed + "?volumes=true").status()).isEqualTo(204);

		assertThat(this.api.get("/api/v1/volumes/" + anonymousRemoved).status()).isEqualTo(404);
		JsonNode dangling = this.api.get("/api/v1/volumes/" + anonymousKept).json();
		assertThat(dangling.get("anonymous").asBoolean()).isTrue();
		assertThat(dangling.get("containers")).isEmpty();
		JsonNode pruned = this.api.post("/api/v1/volumes/prune").json();
		assertThat(pruned.get("volumes")).extracting(JsonNode::asString).contains(anonymousKept);
		assertThat(pruned.get("reclaimedBytes").asLong()).isGreaterThanOrEqualTo("cached\n".length());
		assertThat(this.api.get("/api/v1/volumes/" + anonymousKept).status()).isEqualTo(404);
	}

	@Test
	void volumesTheirOwnersAndTheirUsersSurviveAServerRestart() {
		assertThat(this.api.post("/api/v1/volumes", "{\"name\":\"it-durable\",\"labels\":{\"k\":\"v\"}}").status())
			.isEqualTo(201);
		String id = create("it-durable-user", OWNED_IMAGE, volume("it-durable", "/data", false), "cat /data/seed.txt");
		String team = this.api.get("/api/v1/volumes/it-durable").json().get("team").asString();

		this.server.stop();
		this.server.start();

		JsonNode volume = this.api.get("/api/v1/volumes/it-durable").json();
		assertThat(volume.get("team").asString()).isEqualTo(team);
		assertThat(volume.get("labels").get("k").asString()).isEqualTo("v");
		assertThat(volume.get("containers")).extracting((c) -> c.get("name").asString())
			.containsExactly("it-durable-user");
		start(id);
		assertThat(this.api.await(id).get("exitCode").asInt()).as(logs(id)).isZero();
		assertThat(logs(id)).isEqualTo("seeded by the image\n");
		this.api.delete("/api/v1/containers/" + id);
	}

	private String anonymousVolumeOf(String containerId) {
		JsonNode mounts = this.api.get("/api/v1/containers/" + containerId).json().get("mounts");
		assertThat(mounts).hasSize(1);
		assertThat(mounts.get(0).get("target").asString()).isEqualTo("/cache");
		String name = mounts.get(0).get("source").asString();
		assertThat(name).matches("[0-9a-f]{64}");
		return name;
	}

	private static String volume(String name, String target, boolean readOnly) {
		return "{\"type\":\"volume\",\"source\":\"" + name + "\",\"target\":\"" + target + "\",\"readOnly\":" + readOnly
				+ "}";
	}

	private String create(String name, String image, String mount, String shellCommand) {
		Api.Response created = createResponse(name, image, mount, shellCommand);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Api.CREATED.add(id);
		return id;
	}

	/** {@code shellCommand} is run by {@code sh -c} unless it is a single word. */
	private Api.Response createResponse(String name, String image, String mount, String shellCommand) {
		String command = shellCommand.startsWith("sh -c '")
				? "[\"sh\",\"-c\"," + Api.JSON
					.writeValueAsString(shellCommand.substring("sh -c '".length(), shellCommand.length() - 1)) + "]"
				: "[" + String.join(",",
						java.util.Arrays.stream(shellCommand.split(" ")).map(Api.JSON::writeValueAsString).toList())
						+ "]";
		Api.Response created = this.api.post("/api/v1/containers",
				"{\"name\":\"" + name + "\",\"image\":\"" + image + "\",\"network\":\"none\",\"command\":" + command
						+ ((mount != null) ? ",\"mounts\":[" + mount + "]" : "") + "}");
		if (created.status() == 201) {
			Api.CREATED.add(created.json().get("id").asString());
		}
		return created;
	}

	private void start(String id) {
		Api.Response started = this.api.post("/api/v1/containers/" + id + "/start");
		assertThat(started.status()).as(started.body()).isEqualTo(200);
	}

	private String logs(String id) {
		return this.api.get("/api/v1/containers/" + id + "/logs").body();
	}

}
