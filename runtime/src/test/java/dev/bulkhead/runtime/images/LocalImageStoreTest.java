package dev.bulkhead.runtime.images;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.content.FileContentStore;
import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.snapshots.Snapshotter;
import dev.bulkhead.runtime.sys.RecordingSyscalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalImageStoreTest {

	@TempDir
	Path dataRoot;

	@TempDir
	Path snapshotRoot;

	final RecordingSyscalls syscalls = new RecordingSyscalls();

	ContentStore content;

	DirectorySnapshotter snapshotter;

	LocalImageStore store;

	@BeforeEach
	void createStore() {
		this.content = new FileContentStore(this.dataRoot);
		this.snapshotter = new DirectorySnapshotter(this.snapshotRoot);
		this.store = newStore();
	}

	private LocalImageStore newStore() {
		return new LocalImageStore(this.dataRoot, this.content, this.snapshotter, new LayerUnpacker(this.syscalls),
				TestImages.MAPPER, new Platform("amd64", "linux", null));
	}

	private List<Image> load(byte[] archive) {
		return this.store.load(new ByteArrayInputStream(archive));
	}

	private static TestImages appImage() {
		return new TestImages().layer(new TestTar().dir("bin").file("bin/app", "app v1").dir("etc"), true)
			.layer(new TestTar().dir("etc").file("etc/config", "on").file("etc/.wh.old", ""), false);
	}

	@Test
	void loadsAnOciLayoutWithItsConfigEntrypointEnvAndUser() {
		TestImages app = appImage();
		List<Image> loaded = load(app.ociLayout("app:1.0"));
		assertThat(loaded).hasSize(1);
		Image image = this.store.get("app:1.0");
		assertThat(image).isEqualTo(loaded.get(0));
		assertThat(image.id()).isEqualTo(app.configDigest());
		assertThat(image.references()).containsExactly("app:1.0");
		assertThat(image.manifest()).isEqualTo(TestTar.sha256(app.manifestJson()));
		assertThat(image.config().config().entrypoint()).containsExactly("/bin/app");
		assertThat(image.config().config().cmd()).containsExactly("--serve");
		assertThat(image.config().config().env()).containsExactly("PATH=/bin", "MODE=test");
		assertThat(image.config().config().user()).isEqualTo("1000:1000");
		assertThat(image.size()).isEqualTo(app.layerBlobs().stream().mapToLong((blob) -> blob.length).sum());
		assertThat(image.created()).isEqualTo(TestTar.MTIME);
	}

	@Test
	void layersBecomeAChainOfCommittedSnapshotsNamedByChainId() {
		TestImages app = appImage();
		Image image = load(app.ociLayout("app:1.0")).get(0);
		List<String> diffIds = app.diffIds();
		String bottom = diffIds.get(0);
		String top = ChainIds.next(bottom, diffIds.get(1));
		assertThat(image.chainId()).isEqualTo(top);
		Snapshotter.Info topInfo = this.snapshotter.stat(top).orElseThrow();
		assertThat(topInfo.kind()).isEqualTo(Snapshotter.Kind.COMMITTED);
		assertThat(topInfo.parent()).isEqualTo(bottom);
		assertThat(this.snapshotter.stat(bottom).orElseThrow().parent()).isNull();
		assertThat(this.snapshotter.dir(bottom).resolve("bin/app")).hasContent("app v1");
		Path whiteout = this.snapshotter.dir(top).resolve("etc/old");
		assertThat(this.syscalls.device(whiteout)).isEqualTo(0L);
		assertThat(this.snapshotter.list()).hasSize(2);
	}

	@Test
	void chainIdFollowsTheOciDefinition() throws Exception {
		String a = "sha256:" + "a".repeat(64);
		String b = "sha256:" + "b".repeat(64);
		String expected = TestTar.sha256(TestImages.utf8(a + " " + b)).toString();
		assertThat(ChainIds.of(List.of(a, b))).containsExactly(a, expected);
	}

	@Test
	void loadsADockerArchiveAndKeepsTheFamiliarNames() {
		TestImages tool = new TestImages().user("nobody")
			.entrypoint("/bin/tool")
			.layer(new TestTar().dir("bin").file("bin/tool", "tool"), false);
		List<Image> loaded = load(tool.dockerArchive("docker.io/library/tool:2", "registry.example:5000/team/tool"));
		assertThat(loaded).hasSize(1);
		Image image = loaded.get(0);
		assertThat(image.id()).isEqualTo(tool.configDigest());
		assertThat(image.references()).containsExactly("registry.example:5000/team/tool:latest", "tool:2");
		assertThat(image.config().config().entrypoint()).containsExactly("/bin/tool");
		assertThat(image.config().config().user()).isEqualTo("nobody");
		assertThat(this.store.get("tool:2")).isEqualTo(image);
		assertThat(this.store.get("docker.io/library/tool:2")).isEqualTo(image);
		assertThat(this.store.get("registry.example:5000/team/tool")).isEqualTo(image);
		assertThat(this.snapshotter.dir(image.chainId()).resolve("bin/tool")).hasContent("tool");
		Manifest manifest = TestImages.MAPPER.readValue(this.content.path(image.manifest()).toFile(), Manifest.class);
		assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
		assertThat(manifest.layers()).extracting(Descriptor::mediaType).containsExactly(MediaTypes.OCI_LAYER);
	}

	@Test
	void dockerArchiveLayerLinkedToAnotherLayerIsFollowedInsideTheArchive() {
		TestImages base = new TestImages().layer(new TestTar().file("shared", "s"), false);
		byte[] blob = base.layerBlobs().get(0);
		String hex = TestTar.sha256(blob).hex();
		TestTar tar = new TestTar().dir("real")
			.file("real/layer.tar", blob, 0644, 0, 0)
			.dir("alias")
			.symlink("alias/layer.tar", "../real/layer.tar")
			.file(base.configDigest().hex() + ".json", base.configJson(), 0644, 0, 0);
		tar.file("manifest.json",
				TestImages.MAPPER.writeValueAsBytes(List.of(new DockerArchiveEntry(base.configDigest().hex() + ".json",
						List.of("linked"), List.of("alias/layer.tar")))),
				0644, 0, 0);
		Image image = load(tar.bytes()).get(0);
		assertThat(this.content.exists(Digest.sha256(hex))).isTrue();
		assertThat(this.snapshotter.dir(image.chainId()).resolve("shared")).hasContent("s");
	}

	@Test
	void aNameAloneMeansLatestAndIdsMayBeGivenInFullOrByPrefix() {
		Image image = load(appImage().ociLayout("docker.io/library/busybox:latest")).get(0);
		assertThat(image.references()).containsExactly("busybox:latest");
		assertThat(this.store.get("busybox")).isEqualTo(image);
		assertThat(this.store.get("docker.io/library/busybox")).isEqualTo(image);
		assertThat(this.store.get(image.id().toString())).isEqualTo(image);
		assertThat(this.store.get(image.id().hex())).isEqualTo(image);
		assertThat(this.store.get(image.id().shortHex())).isEqualTo(image);
		assertThat(this.store.get("sha256:" + image.id().shortHex())).isEqualTo(image);
		assertThatThrownBy(() -> this.store.get(image.id().hex().substring(0, 11)))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.store.get("busybox:other")).isInstanceOf(NotFoundException.class)
			.hasMessageContaining("busybox:other");
	}

	@Test
	void theIndexSurvivesANewStoreOnTheSameDataRoot() {
		Image image = load(appImage().ociLayout("app:1.0")).get(0);
		assertThat(this.dataRoot.resolve("images/index.json")).exists();
		LocalImageStore reopened = newStore();
		assertThat(reopened.get("app:1.0")).isEqualTo(image);
		assertThat(reopened.list()).containsExactly(image);
	}

	@Test
	void layersAlreadyUnpackedAreNotUnpackedAgain() {
		TestTar base = new TestTar().dir("bin").file("bin/sh", "shell");
		TestImages first = new TestImages().layer(base, true);
		TestImages second = new TestImages().layer(base, true).layer(new TestTar().file("extra", "x"), true);
		load(first.ociLayout("first"));
		load(second.ociLayout("second"));
		load(second.ociLayout("second"));
		assertThat(this.snapshotter.calls().stream().filter((call) -> call.startsWith("prepare"))).hasSize(2);
		assertThat(this.store.list()).hasSize(2);
	}

	@Test
	void aMultiPlatformIndexYieldsTheManifestForThisHost() {
		TestImages amd64 = appImage();
		TestImages arm = new TestImages().layer(new TestTar().file("arm", "arm"), true);
		arm.architecture = "arm";
		byte[] nested = TestImages.MAPPER.writeValueAsBytes(
				new ImageIndex(2, MediaTypes.OCI_INDEX,
						List.of(withPlatform(arm.manifestDescriptor(null), new Platform("arm", "linux", "v7")),
								withPlatform(amd64.manifestDescriptor(null), new Platform("amd64", "linux", null))),
						null));
		TestTar tar = TestImages.ociLayoutStart();
		amd64.addBlobs(tar);
		tar.file("blobs/sha256/" + TestTar.sha256(nested).hex(), nested, 0644, 0, 0);
		Descriptor top = new Descriptor(MediaTypes.OCI_INDEX, TestTar.sha256(nested).toString(), nested.length,
				Map.of(MediaTypes.REF_NAME_ANNOTATION, "multi:1"), null);
		tar.file("index.json",
				TestImages.MAPPER.writeValueAsBytes(new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(top), null)), 0644,
				0, 0);
		Image image = load(tar.bytes()).get(0);
		assertThat(image.id()).isEqualTo(amd64.configDigest());
		assertThat(image.references()).containsExactly("multi:1");
	}

	@Test
	void anIndexWithoutThisHostsPlatformIsRefusedSayingWhichPlatformsItHas() {
		TestImages arm = new TestImages().layer(new TestTar().file("arm", "arm"), true);
		byte[] nested = TestImages.MAPPER.writeValueAsBytes(new ImageIndex(2, MediaTypes.OCI_INDEX,
				List.of(withPlatform(arm.manifestDescriptor(null), new Platform("arm", "linux", "v7"))), null));
		TestTar tar = TestImages.ociLayoutStart();
		arm.addBlobs(tar);
		tar.file("blobs/sha256/" + TestTar.sha256(nested).hex(), nested, 0644, 0, 0);
		Descriptor top = new Descriptor(MediaTypes.OCI_INDEX, TestTar.sha256(nested).toString(), nested.length,
				Map.of(MediaTypes.REF_NAME_ANNOTATION, "armonly"), null);
		tar.file("index.json",
				TestImages.MAPPER.writeValueAsBytes(new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(top), null)), 0644,
				0, 0);
		assertRefusedLeavingNothing(tar.bytes(), "linux/amd64", "linux/arm/v7");
	}

	private static Descriptor withPlatform(Descriptor descriptor, Platform platform) {
		return new Descriptor(descriptor.mediaType(), descriptor.digest(), descriptor.size(), null, platform);
	}

	@Test
	void reloadingANameMovesItAndKeepsTheOldImageUntagged() {
		Image old = load(appImage().ociLayout("app:1.0")).get(0);
		Image replacement = load(new TestImages().layer(new TestTar().file("v2", "2"), true).ociLayout("app:1.0"))
			.get(0);
		assertThat(this.store.get("app:1.0")).isEqualTo(replacement);
		assertThat(this.store.get(old.id().toString()).references()).isEmpty();
		assertThat(this.store.list()).hasSize(2);
	}

	@Test
	void deletingOneOfTwoReferencesKeepsTheImage() {
		TestImages tool = new TestImages().layer(new TestTar().file("t", "t"), true);
		Image image = load(tool.dockerArchive("tool:1", "tool:latest")).get(0);
		this.store.delete("tool:1");
		assertThat(this.store.get("tool").references()).containsExactly("tool:latest");
		assertThatThrownBy(() -> this.store.get("tool:1")).isInstanceOf(NotFoundException.class);
		assertThat(this.content.exists(image.manifest())).isTrue();
		assertThat(this.snapshotter.stat(image.chainId())).isPresent();
	}

	@Test
	void deletingTheLastReferenceFreesBlobsAndSnapshots() {
		Image image = load(appImage().ociLayout("app:1.0")).get(0);
		this.store.delete("app:1.0");
		assertThat(this.store.list()).isEmpty();
		assertThat(this.content.list()).isEmpty();
		assertThat(this.snapshotter.list()).isEmpty();
		assertThat(this.snapshotter.calls()).containsSubsequence("remove " + image.chainId(),
				"remove " + appImage().diffIds().get(0));
		assertThatThrownBy(() -> this.store.get(image.id().toString())).isInstanceOf(NotFoundException.class);
	}

	@Test
	void deletingByIdRemovesEveryReferenceButKeepsWhatOtherImagesShare() {
		TestTar base = new TestTar().dir("bin").file("bin/sh", "shell");
		TestImages first = new TestImages().layer(base, true).layer(new TestTar().file("one", "1"), true);
		TestImages second = new TestImages().layer(base, true).layer(new TestTar().file("two", "2"), true);
		Image one = load(first.dockerArchive("one:a", "one:b")).get(0);
		Image two = load(second.ociLayout("two")).get(0);
		this.store.delete(one.id().shortHex());
		assertThat(this.store.list()).containsExactly(this.store.get("two"));
		assertThat(this.snapshotter.stat(one.chainId())).isEmpty();
		assertThat(this.snapshotter.stat(first.diffIds().get(0))).isPresent();
		assertThat(this.content.exists(one.id())).isFalse();
		assertThat(this.content.exists(TestTar.sha256(first.layerBlobs().get(0)))).isTrue();
		assertThat(this.content.list()).containsExactlyInAnyOrderElementsOf(List.of(two.manifest(), two.id(),
				TestTar.sha256(second.layerBlobs().get(0)), TestTar.sha256(second.layerBlobs().get(1))));
	}

	@Test
	void deletingAnImageAContainerSitsOnIsRefusedAndChangesNothing() {
		Image image = load(appImage().ociLayout("app:1.0")).get(0);
		this.snapshotter.prepare("container-1", image.chainId());
		assertThatThrownBy(() -> this.store.delete("app:1.0")).isInstanceOf(ConflictException.class)
			.hasMessageContaining("in use by 1 container(s)")
			.hasMessageNotContaining("container-1");
		assertThat(this.store.get("app:1.0")).isEqualTo(image);
		assertThat(this.content.exists(image.manifest())).isTrue();
	}

	@Test
	void deletingAnUnknownImageIsNotFound() {
		assertThatThrownBy(() -> this.store.delete("nothing:here")).isInstanceOf(NotFoundException.class)
			.hasMessageContaining("nothing:here");
	}

	@Test
	void loadRefusesALayerBlobWhoseDigestDoesNotMatchItsName() {
		TestImages app = appImage();
		byte[] archive = app.ociLayout("app:1.0");
		byte[] goodLayer = app.layerBlobs().get(1);
		// Rebuild the archive with the layer's bytes altered but its file name kept.
		TestTar tar = TestImages.ociLayoutStart();
		tar.file("blobs/sha256/" + app.configDigest().hex(), app.configJson(), 0644, 0, 0);
		tar.file("blobs/sha256/" + TestTar.sha256(app.manifestJson()).hex(), app.manifestJson(), 0644, 0, 0);
		tar.file("blobs/sha256/" + TestTar.sha256(app.layerBlobs().get(0)).hex(), app.layerBlobs().get(0), 0644, 0, 0);
		byte[] altered = goodLayer.clone();
		altered[600] ^= 1;
		tar.file("blobs/sha256/" + TestTar.sha256(goodLayer).hex(), altered, 0644, 0, 0);
		tar.file("index.json",
				TestImages.MAPPER.writeValueAsBytes(
						new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(app.manifestDescriptor("app:1.0")), null)),
				0644, 0, 0);
		assertThat(archive).isNotEqualTo(tar.bytes());
		assertRefusedLeavingNothing(tar.bytes(), "digest mismatch", TestTar.sha256(goodLayer).toString(),
				TestTar.sha256(altered).toString());
	}

	@Test
	void loadRefusesACorruptGzipLayer() {
		byte[] gzip = TestTar.gzip(new TestTar().file("data", "content ".repeat(200)).bytes());
		for (int i = 20; i < 60; i++) {
			gzip[i] ^= 0x33;
		}
		TestImages broken = new TestImages().rawLayer(gzip, false);
		broken.gzipped.set(0, false);
		broken.diffIdsOverride = List.of(TestTar.sha256(gzip).toString());
		assertRefusedLeavingNothing(broken.ociLayout("broken"), "not a valid tar", "layer 1");
	}

	@Test
	void loadRefusesATruncatedLayerTar() {
		byte[] tar = new TestTar().file("data", new byte[5000], 0644, 0, 0).bytes();
		byte[] truncated = Arrays.copyOf(tar, 2048);
		TestImages broken = new TestImages().rawLayer(truncated, false);
		assertRefusedLeavingNothing(broken.ociLayout("broken"), "data", "truncated");
	}

	@Test
	void loadRefusesALayerWithADotDotPath() {
		TestImages evil = new TestImages().layer(new TestTar().file("../../etc/evil", "x"), true);
		assertRefusedLeavingNothing(evil.ociLayout("evil"), "../../etc/evil");
	}

	@Test
	void loadRefusesALayerThatWritesThroughASymlinkOutOfTheRoot() {
		TestImages evil = new TestImages()
			.layer(new TestTar().symlink("escape", this.dataRoot.toString()).file("escape/owned", "x"), true);
		assertRefusedLeavingNothing(evil.ociLayout("evil"), "escape/owned");
		assertThat(this.dataRoot.resolve("owned")).doesNotExist();
	}

	@Test
	void loadRefusesALayerWhoseDiffIdDiffersFromTheConfig() {
		TestImages wrong = appImage();
		wrong.diffIdsOverride = List.of(wrong.diffIds().get(0), "sha256:" + "0".repeat(64));
		assertRefusedLeavingNothing(wrong.ociLayout("wrong"), "diff id", "sha256:" + "0".repeat(64));
	}

	@Test
	void aFailureInALaterLayerRemovesTheSnapshotsOfEarlierLayers() {
		TestImages partly = new TestImages().layer(new TestTar().file("fine", "ok"), true)
			.layer(new TestTar().file("../bad", "x"), true);
		assertRefusedLeavingNothing(partly.ociLayout("partly"), "../bad");
		assertThat(this.snapshotter.calls()).anyMatch((call) -> call.startsWith("commit "));
	}

	@Test
	void loadRefusesAnArchiveWithAMissingBlob() {
		TestImages app = appImage();
		TestTar tar = TestImages.ociLayoutStart();
		tar.file("blobs/sha256/" + app.configDigest().hex(), app.configJson(), 0644, 0, 0);
		tar.file("blobs/sha256/" + TestTar.sha256(app.manifestJson()).hex(), app.manifestJson(), 0644, 0, 0);
		tar.file("index.json",
				TestImages.MAPPER.writeValueAsBytes(
						new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(app.manifestDescriptor("app")), null)),
				0644, 0, 0);
		assertRefusedLeavingNothing(tar.bytes(), "blobs/sha256/" + TestTar.sha256(app.layerBlobs().get(0)).hex());
	}

	@Test
	void loadRefusesAnArchiveOfUnknownFormat() {
		assertRefusedLeavingNothing(new TestTar().file("README", "hello").bytes(), "unknown image archive format");
	}

	@Test
	void loadRefusesAnArchiveEntryWithADotDotPath() {
		byte[] archive = TestImages.ociLayoutStart().file("../outside", "x").bytes();
		assertRefusedLeavingNothing(archive, "../outside");
	}

	@Test
	void loadRefusesATruncatedArchive() {
		byte[] archive = appImage().ociLayout("app");
		assertRefusedLeavingNothing(Arrays.copyOf(archive, archive.length / 2 + 100), "truncated");
	}

	@Test
	void aFailedLoadKeepsWhatEarlierLoadsStored() {
		TestTar base = new TestTar().dir("bin").file("bin/sh", "shell");
		Image good = load(new TestImages().layer(base, true).ociLayout("good")).get(0);
		List<Digest> blobs = this.content.list();
		TestImages bad = new TestImages().layer(base, true).layer(new TestTar().file("../bad", "x"), true);
		assertThatThrownBy(() -> load(bad.ociLayout("bad"))).isInstanceOf(InvalidArgumentException.class);
		assertThat(this.content.list()).containsExactlyInAnyOrderElementsOf(blobs);
		assertThat(this.store.list()).containsExactly(good);
		assertThat(this.snapshotter.list()).extracting(Snapshotter.Info::name).containsExactly(good.chainId());
	}

	private void assertRefusedLeavingNothing(byte[] archive, String... messageParts) {
		assertThatThrownBy(() -> load(archive)).isInstanceOf(InvalidArgumentException.class)
			.satisfies((ex) -> assertThat(ex.getMessage()).contains(messageParts));
		assertThat(this.content.list()).isEmpty();
		assertThat(this.snapshotter.list()).isEmpty();
		assertThat(this.store.list()).isEmpty();
		assertThat(this.dataRoot.resolve("images/index.json")).doesNotExist();
		try (Stream<Path> temp = Files.list(this.dataRoot.resolve("images/tmp"))) {
			assertThat(temp).isEmpty();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
