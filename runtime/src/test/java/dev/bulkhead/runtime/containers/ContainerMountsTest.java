package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageConfig;
import dev.bulkhead.runtime.oci.Spec;
import dev.bulkhead.runtime.volumes.LocalVolumeStore;
import dev.bulkhead.runtime.volumes.Volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerMountsTest {

	@TempDir
	Path temp;

	private LocalVolumeStore volumes() {
		return new LocalVolumeStore(this.temp.resolve("data"), JsonMapper.builder().build());
	}

	private ContainerMounts mounts(Path... prefixes) {
		return new ContainerMounts(volumes(), List.of(prefixes), 1 << 20);
	}

	private static ContainerConfig request(MountSpec... mounts) {
		return new ContainerConfig("app", "busybox", null, List.of("sh"), null, null, null, null, null, null, null,
				null, null, null, null, null, List.of(mounts), null);
	}

	private static Image image(Map<String, Object> volumes) {
		ImageConfig.Config config = new ImageConfig.Config(null, null, null, null, List.of("sh"), volumes, null, null,
				null);
		return new Image(Digest.sha256("c".repeat(64)), List.of("busybox:latest"), Digest.sha256("d".repeat(64)), 1,
				Instant.parse("2024-05-01T00:00:00Z"),
				new ImageConfig(null, null, "amd64", "linux", config, null, null), "sha256:" + "a".repeat(64));
	}

	@Test
	void badTargetsAreRefusedNamingTheMount() {
		List<String[]> cases = List.of(new String[] { "data", "is not an absolute path" },
				new String[] { "/data/../etc", "must not contain '..'" },
				new String[] { "/", "cannot replace the root directory" },
				new String[] { "/proc/sys", "is mounted by Bulkhead itself" },
				new String[] { "/etc/resolv.conf", "is mounted by Bulkhead itself" },
				new String[] { null, "give the absolute path" });
		for (String[] c : cases) {
			assertThatThrownBy(
					() -> mounts().admit(request(new MountSpec("tmpfs", null, c[0], null, null, null)), image(null)))
				.as(c[0])
				.isInstanceOf(InvalidArgumentException.class)
				.hasMessageStartingWith("mounts[0].target")
				.hasMessageContaining(c[1]);
		}
	}

	@Test
	void aTargetMountedTwiceIsRefused() {
		assertThatThrownBy(() -> mounts().admit(request(new MountSpec("tmpfs", null, "/cache", null, null, null),
				new MountSpec("volume", "v", "/cache/", null, null, null)), image(null)))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("mounts[1].target: /cache is mounted twice");
	}

	@Test
	void bindMountsOutsideTheAllowedPrefixesAreAPolicyViolation() throws IOException {
		Path allowed = Files.createDirectories(this.temp.resolve("srv/shared"));
		Path elsewhere = Files.createDirectories(this.temp.resolve("srv/private"));
		Files.createSymbolicLink(allowed.resolve("escape"), elsewhere);

		assertThatThrownBy(() -> mounts(allowed)
			.admit(request(new MountSpec("bind", elsewhere.toString(), "/data", null, null, null)), image(null)))
			.isInstanceOf(ForbiddenException.class)
			.hasMessageContaining("mounts[0].source: host path " + elsewhere.toRealPath()
					+ " is outside the directories open to bind mounts (" + allowed + ")")
			.hasMessageContaining("ask an admin for the exception bind-mount:" + elsewhere.toRealPath());
		assertThatThrownBy(() -> mounts(allowed).admit(
				request(new MountSpec("bind", allowed.resolve("escape").toString(), "/data", null, null, null)),
				image(null)))
			.as("a symbolic link under the prefix that leads out of it")
			.isInstanceOf(ForbiddenException.class);
		assertThatThrownBy(() -> mounts()
			.admit(request(new MountSpec("bind", allowed.toString(), "/data", null, null, null)), image(null)))
			.isInstanceOf(ForbiddenException.class)
			.hasMessageContaining("is outside the directories open to bind mounts (none)");
		assertThat(mounts(allowed).admit(request(new MountSpec("bind", allowed.toString(), "/data", true, null, null)),
				image(null)))
			.containsExactly(new MountSpec("bind", allowed.toRealPath().toString(), "/data", true, null, null));
	}

	@Test
	void tmpfsGetsDefaultsAndChecksItsOptions() {
		assertThat(mounts().admit(request(new MountSpec("tmpfs", null, "/scratch", null, null, null)), image(null)))
			.containsExactly(new MountSpec("tmpfs", null, "/scratch", null, 1L << 20, "1777"));
		assertThatThrownBy(
				() -> mounts().admit(request(new MountSpec("tmpfs", null, "/scratch", null, null, "rwx")), image(null)))
			.hasMessageContaining("mounts[0].tmpfsMode: 'rwx' is not an octal mode");
		assertThatThrownBy(
				() -> mounts().admit(request(new MountSpec("volume", "v", "/scratch", null, 4096L, null)), image(null)))
			.hasMessageContaining("apply to tmpfs mounts only");
		assertThatThrownBy(
				() -> mounts().admit(request(new MountSpec("nfs", "x", "/scratch", null, null, null)), image(null)))
			.hasMessageContaining("mounts[0].type: 'nfs' is not a mount type");
	}

	@Test
	void theImagesVolumeEntriesBecomeAnonymousVolumesUnlessAMountCoversThem() {
		List<MountSpec> admitted = mounts().admit(
				request(new MountSpec("volume", "logs", "/var/log", null, null, null)),
				image(Map.of("/var/log", Map.of(), "/data/", Map.of())));

		assertThat(admitted).containsExactly(new MountSpec("volume", "logs", "/var/log", null, null, null),
				new MountSpec("volume", null, "/data", null, null, null));
	}

	@Test
	void prepareMakesMissingVolumesAndUndoRemovesOnlyThose() {
		LocalVolumeStore store = volumes();
		store.create("existing", null, null);
		ContainerMounts mounts = new ContainerMounts(store, List.of(), 1 << 20);
		Volume.Owner owner = new Volume.Owner(3L, "team");

		ContainerMounts.Prepared prepared = mounts
			.prepare(List.of(new MountSpec("volume", "existing", "/a", null, null, null),
					new MountSpec("volume", "fresh", "/b", null, null, null),
					new MountSpec("volume", null, "/c", null, null, null)), owner, "abc");

		assertThat(prepared.madeVolumes()).hasSize(2).contains("fresh");
		assertThat(prepared.mounts().get(2).source()).matches("[0-9a-f]{64}");
		assertThat(store.get("fresh").owner()).isEqualTo(owner);
		mounts.undo(prepared);
		assertThat(store.list()).extracting(Volume::name).containsExactly("existing");
	}

	@Test
	void aNewVolumeIsFilledFromTheImageAndAnUnwritableOneIsWarnedAbout() throws IOException {
		LocalVolumeStore store = volumes();
		store.create("seeded", null, null);
		store.create("locked", null, null);
		Files.setAttribute(store.mountpoint("locked"), "unix:mode", 0555);
		Path rootfs = Files.createDirectories(this.temp.resolve("rootfs/srv/app"));
		Files.writeString(rootfs.resolve("index.html"), "hello");
		// The image lets everyone write there; the copy keeps that, so no warning.
		Files.setAttribute(rootfs, "unix:mode", 0777);
		ContainerMounts mounts = new ContainerMounts(store, List.of(), 1 << 20);
		long me = (Integer) Files.getAttribute(rootfs, "unix:uid");

		List<String> warnings = mounts.populate(
				List.of(new MountSpec("volume", "seeded", "/srv/app", null, null, null),
						new MountSpec("volume", "locked", "/data", null, null, null),
						new MountSpec("tmpfs", null, "/cache", null, 4096L, "0755")),
				this.temp.resolve("rootfs"), new UserResolver.Ids(4242, 4242));

		assertThat(store.mountpoint("seeded").resolve("index.html")).hasContent("hello");
		assertThat(store.get("seeded").populated()).isTrue();
		assertThat(warnings).containsExactly("volume 'locked' data is owned by uid " + me
				+ " (mode 0555); the container runs as uid 4242 and cannot write to /data; make it owned by uid "
				+ "4242, run the container as uid " + me + ", or mount it read-only",
				"tmpfs at /cache is owned by uid 0 (mode 0755); the container runs as uid 4242"
						+ " and cannot write to /cache; make it owned by uid 4242"
						+ ", run the container as uid 0, or mount it read-only");
	}

	@Test
	void aPopulatedVolumeIsNotFilledAgain() throws IOException {
		LocalVolumeStore store = volumes();
		store.create("used", null, null);
		store.markPopulated("used");
		Path rootfs = Files.createDirectories(this.temp.resolve("rootfs/srv"));
		Files.writeString(rootfs.resolve("file"), "from the image");

		new ContainerMounts(store, List.of(), 1 << 20).populate(
				List.of(new MountSpec("volume", "used", "/srv", null, null, null)), this.temp.resolve("rootfs"),
				new UserResolver.Ids(65534, 65534));

		assertThat(store.mountpoint("used")).isEmptyDirectory();
	}

	@Test
	void specMountsBindVolumesAndMakeTmpfs() {
		LocalVolumeStore store = volumes();
		store.create("v", null, null);
		Container container = new Container("c".repeat(64), "app", "busybox", "sha256:x",
				request(new MountSpec("volume", "v", "/data", true, null, null),
						new MountSpec("tmpfs", null, "/scratch", null, 8192L, "0700")),
				ContainerState.CREATED, Instant.now(), null, null, null, false, false, null, null, null);

		List<Spec.Mount> spec = new ContainerMounts(store, List.of(), 1 << 20).specMounts(container);

		assertThat(spec).containsExactly(
				new Spec.Mount("/data", "bind", store.mountpoint("v").toString(),
						List.of("rbind", "rprivate", "nosuid", "nodev", "ro")),
				new Spec.Mount("/scratch", "tmpfs", "tmpfs",
						List.of("nosuid", "nodev", "noexec", "size=8192", "mode=0700")));
	}

}
