package dev.bulkhead.runtime.images;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.content.FileContentStore;
import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.sys.RecordingSyscalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tag, untag, remove, prune, inspect and disk use of the image store: names move as
 * docker's do, and blobs and layers are freed by reference counting.
 */
class ImageStoreOperationsTest {

	@TempDir
	Path dataRoot;

	@TempDir
	Path snapshotRoot;

	ContentStore content;

	DirectorySnapshotter snapshotter;

	LocalImageStore store;

	static final TestTar BASE = new TestTar().dir("bin").file("bin/sh", "a shell of some size".repeat(50));

	static final TestImages FIRST = new TestImages().layer(BASE, true).layer(new TestTar().file("one", "1"), true);

	static final TestImages SECOND = new TestImages().layer(BASE, true).layer(new TestTar().file("two", "22"), true);

	@BeforeEach
	void createStore() {
		this.content = new FileContentStore(this.dataRoot);
		this.snapshotter = new DirectorySnapshotter(this.snapshotRoot);
		this.store = new LocalImageStore(this.dataRoot, this.content, this.snapshotter,
				new LayerUnpacker(new RecordingSyscalls()), TestImages.MAPPER, new Platform("amd64", "linux", null));
	}

	private Image load(byte[] archive) {
		return this.store.load(new ByteArrayInputStream(archive)).get(0);
	}

	@Test
	void taggingAddsANameAndUntaggingOneOfTwoNamesKeepsTheImage() {
		Image image = load(FIRST.ociLayout("one:1"));
		Image tagged = this.store.tag("one:1", "127.0.0.1:5000/team/one:release");
		assertThat(tagged.id()).isEqualTo(image.id());
		assertThat(tagged.references()).containsExactlyInAnyOrder("one:1", "127.0.0.1:5000/team/one:release");
		ImageRemoval removal = this.store.remove("one:1", false, Set.of());
		assertThat(removal.untagged()).containsExactly("one:1");
		assertThat(removal.deleted()).isEmpty();
		assertThat(removal.reclaimedBytes()).isZero();
		assertThat(this.store.get(image.id().toString()).references())
			.containsExactly("127.0.0.1:5000/team/one:release");
		assertThat(this.content.exists(image.manifest())).isTrue();
	}

	@Test
	void aTagIsValidatedAndCannotBeADigest() {
		load(FIRST.ociLayout("one:1"));
		assertThatThrownBy(() -> this.store.tag("one:1", "Bad Name")).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("not a valid image reference");
		assertThatThrownBy(() -> this.store.tag("one:1", "one@sha256:" + "a".repeat(64)))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("names a digest");
		assertThatThrownBy(() -> this.store.tag("nothing:1", "x:1")).isInstanceOf(NotFoundException.class);
	}

	@Test
	void movingATagLeavesThePreviousImageDanglingAndPruneRemovesIt() {
		Image one = load(FIRST.ociLayout("app:1"));
		Image two = load(SECOND.ociLayout("two:1"));
		this.store.tag("two:1", "app:1");
		assertThat(this.store.get(one.id().toString()).references()).isEmpty();
		long expected = this.store.diskUsage(Set.of()).danglingReclaimableBytes();
		ImageRemoval pruned = this.store.prune(false, Set.of());
		assertThat(pruned.deleted()).containsExactly(one.id());
		assertThat(pruned.reclaimedBytes()).isEqualTo(expected).isPositive();
		assertThat(this.store.list()).extracting(Image::id).containsExactly(two.id());
		// The base layer is two's too: its blob and snapshot stay.
		assertThat(this.content.exists(TestTar.sha256(FIRST.layerBlobs().get(0)))).isTrue();
		assertThat(this.snapshotter.stat(FIRST.diffIds().get(0))).isPresent();
		assertThat(this.snapshotter.stat(one.chainId())).isEmpty();
		assertThat(this.content.exists(one.manifest())).isFalse();
	}

	@Test
	void removingAnImageKeepsTheLayersAnotherImageSharesAndCountsOnlyWhatWasFreed() {
		Image one = load(FIRST.ociLayout("one:1"));
		Image two = load(SECOND.ociLayout("two:1"));
		ImageDiskUsage before = this.store.diskUsage(Set.of());
		ImageDiskUsage.Entry oneUsage = entry(before, one.id());
		ImageRemoval removal = this.store.remove("one:1", false, Set.of());
		assertThat(removal.deleted()).containsExactly(one.id());
		assertThat(removal.reclaimedBytes()).isEqualTo(oneUsage.uniqueBytes());
		ImageDiskUsage after = this.store.diskUsage(Set.of());
		assertThat(after.totalBytes()).isEqualTo(before.totalBytes() - oneUsage.uniqueBytes());
		assertThat(entry(after, two.id()).sharedBytes()).isZero();
		this.store.remove("two:1", false, Set.of());
		assertThat(this.content.list()).isEmpty();
		assertThat(this.snapshotter.list()).isEmpty();
	}

	@Test
	void diskUsageSplitsSharedFromUniqueBytesAndCountsSharedOnce() {
		Image one = load(FIRST.ociLayout("one:1"));
		Image two = load(SECOND.ociLayout("two:1"));
		ImageDiskUsage usage = this.store.diskUsage(Set.of());
		ImageDiskUsage.Entry a = entry(usage, one.id());
		ImageDiskUsage.Entry b = entry(usage, two.id());
		long baseBlob = FIRST.layerBlobs().get(0).length;
		long baseFiles = "a shell of some size".length() * 50L;
		assertThat(a.sharedBytes()).isEqualTo(baseBlob + baseFiles);
		assertThat(b.sharedBytes()).isEqualTo(a.sharedBytes());
		assertThat(a.uniqueBytes()).isEqualTo(a.bytes() - a.sharedBytes()).isPositive();
		long blobsOnDisk = this.content.list().stream().mapToLong(this.content::size).sum();
		assertThat(usage.blobBytes()).isEqualTo(blobsOnDisk);
		assertThat(usage.layerBytes()).isEqualTo(baseFiles + 1 + 2);
		assertThat(usage.totalBytes()).isEqualTo(a.bytes() + b.uniqueBytes());
		assertThat(usage.reclaimableBytes()).isEqualTo(usage.totalBytes());
		assertThat(usage.danglingReclaimableBytes()).isZero();
	}

	@Test
	void removingAnImageAContainerUsesIsRefusedAndForceOnlyTakesItsNames() {
		Image image = load(FIRST.ociLayout("one:1"));
		this.snapshotter.prepare("container-1", image.chainId());
		Set<Digest> used = Set.of(image.id());
		assertThatThrownBy(() -> this.store.remove("one:1", false, used)).isInstanceOf(ConflictException.class);
		ImageRemoval forced = this.store.remove("one:1", true, used);
		assertThat(forced.untagged()).containsExactly("one:1");
		assertThat(forced.deleted()).isEmpty();
		assertThat(forced.reclaimedBytes()).isZero();
		Image kept = this.store.get(image.id().toString());
		assertThat(kept.references()).isEmpty();
		assertThat(this.store.prune(true, used).deleted()).isEmpty();
		assertThat(this.store.diskUsage(used).reclaimableBytes()).isZero();
		this.snapshotter.remove("container-1");
		assertThat(this.store.prune(false, Set.of()).deleted()).containsExactly(image.id());
		assertThat(this.content.list()).isEmpty();
	}

	@Test
	void anImageWhoseLayersAnotherImageKeepsIsStillInUseByItsContainers() {
		// Same layers, another config: the container's snapshot cannot tell the two
		// apart, so the caller says which image its containers were made from.
		Image first = load(FIRST.ociLayout("one:1"));
		TestImages same = new TestImages().layer(BASE, true)
			.layer(new TestTar().file("one", "1"), true)
			.entrypoint("/bin/other");
		Image other = load(same.ociLayout("other:1"));
		assertThat(other.chainId()).isEqualTo(first.chainId());
		this.snapshotter.prepare("container-1", other.chainId());
		assertThatThrownBy(() -> this.store.remove("other:1", false, Set.of(other.id())))
			.isInstanceOf(ConflictException.class);
		assertThat(this.store.prune(true, Set.of(other.id())).deleted()).containsExactly(first.id());
		assertThat(this.store.get("other:1").id()).isEqualTo(other.id());
		assertThat(this.snapshotter.stat(other.chainId())).isPresent();
	}

	@Test
	void pruneAllRemovesEveryImageNoContainerUsesAndReportsItsNames() {
		Image used = load(FIRST.ociLayout("one:1"));
		Image unused = load(SECOND.ociLayout("two:1"));
		this.snapshotter.prepare("container-1", used.chainId());
		Set<Digest> inUse = Set.of(used.id());
		assertThat(this.store.prune(false, inUse).deleted()).isEmpty();
		long expected = this.store.diskUsage(inUse).reclaimableBytes();
		ImageRemoval pruned = this.store.prune(true, inUse);
		assertThat(pruned.deleted()).containsExactly(unused.id());
		assertThat(pruned.untagged()).containsExactly("two:1");
		assertThat(pruned.reclaimedBytes()).isEqualTo(expected);
		assertThat(this.store.list()).extracting(Image::id).containsExactly(used.id());
	}

	@Test
	void inspectShowsEachLayerWithItsCompressedAndUnpackedSizeAndTheRepoDigests() {
		Image image = load(FIRST.ociLayout("one:1"));
		this.store.tag("one:1", "127.0.0.1:5000/one:2");
		ImageDetail detail = this.store.inspect("one:1");
		assertThat(detail.image().id()).isEqualTo(image.id());
		assertThat(detail.layers()).hasSize(2);
		ImageDetail.Layer base = detail.layers().get(0);
		assertThat(base.digest()).isEqualTo(TestTar.sha256(FIRST.layerBlobs().get(0)).toString());
		assertThat(base.size()).isEqualTo(FIRST.layerBlobs().get(0).length);
		assertThat(base.diffId()).isEqualTo(FIRST.diffIds().get(0));
		assertThat(base.unpackedSize()).isEqualTo(1000);
		assertThat(detail.layers().get(1).chainId()).isEqualTo(image.chainId());
		assertThat(detail.repoDigests()).containsExactlyInAnyOrder("one@" + image.manifest(),
				"127.0.0.1:5000/one@" + image.manifest());
	}

	@Test
	void importMakesAOneLayerImageFromARootfsTarThatRunsItsCommand() {
		byte[] rootfs = new TestTar().dir("bin").file("bin/tool", "#!/bin/sh\n").bytes();
		Image imported = this.store.importRootfs(new ByteArrayInputStream(TestTar.gzip(rootfs)),
				new ImportOptions("tools/imported:1", List.of("/bin/tool", "--run"), null, List.of("PATH=/bin")));
		assertThat(imported.references()).containsExactly("tools/imported:1");
		assertThat(imported.config().rootfs().diffIds()).containsExactly(TestTar.sha256(rootfs).toString());
		assertThat(imported.config().config().cmd()).containsExactly("/bin/tool", "--run");
		assertThat(imported.config().architecture()).isEqualTo("amd64");
		assertThat(imported.config().history()).hasSize(1);
		assertThat(this.snapshotter.dir(imported.chainId()).resolve("bin/tool")).exists();
		Image again = this.store.importRootfs(new ByteArrayInputStream(rootfs),
				new ImportOptions(null, null, null, null));
		assertThat(again.config().rootfs().diffIds()).isEqualTo(imported.config().rootfs().diffIds());
		assertThat(again.references()).isEmpty();
	}

	@Test
	void aFailedImportLeavesNothingBehind() {
		List<Digest> before = this.content.list();
		assertThatThrownBy(() -> this.store.importRootfs(new ByteArrayInputStream("not a tar at all".getBytes()),
				new ImportOptions("bad:1", null, null, null)))
			.isInstanceOf(InvalidArgumentException.class);
		assertThat(this.content.list()).isEqualTo(before);
		assertThat(this.snapshotter.list()).isEmpty();
		assertThat(this.store.list()).isEmpty();
	}

	@Test
	void anImportLargerThanTheLayerLimitOrWithABadEnvIsRefused() {
		LocalImageStore small = new LocalImageStore(this.dataRoot, this.content, this.snapshotter,
				new LayerUnpacker(new RecordingSyscalls(), 4096), TestImages.MAPPER,
				new Platform("amd64", "linux", null));
		byte[] big = new TestTar().file("big", "x".repeat(10_000)).bytes();
		assertThatThrownBy(() -> small.importRootfs(new ByteArrayInputStream(TestTar.gzip(big)),
				new ImportOptions("big:1", null, null, null)))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("layer limit of 4096 bytes");
		assertThat(this.content.list()).isEmpty();
		assertThatThrownBy(() -> new ImportOptions("x:1", null, null, List.of("PATH=/bin", "NOVALUE")))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("env[1] 'NOVALUE' must be NAME=value");
	}

	@Test
	void savedArchivesLoadIntoAFreshStoreWithTheSameImageId() throws Exception {
		Image image = load(FIRST.ociLayout("one:1"));
		for (ArchiveFormat format : ArchiveFormat.values()) {
			ByteArrayOutputStream tar = new ByteArrayOutputStream();
			this.store.save("one:1", format, tar);
			Path fresh = this.dataRoot.resolve("fresh-" + format.wireName());
			LocalImageStore other = new LocalImageStore(fresh, new FileContentStore(fresh),
					new DirectorySnapshotter(this.snapshotRoot.resolve("fresh-" + format.wireName())),
					new LayerUnpacker(new RecordingSyscalls()), TestImages.MAPPER,
					new Platform("amd64", "linux", null));
			Image loaded = other.load(new ByteArrayInputStream(tar.toByteArray())).get(0);
			assertThat(loaded.id()).as(format.wireName()).isEqualTo(image.id());
			assertThat(loaded.references()).as(format.wireName()).containsExactly("one:1");
			assertThat(loaded.chainId()).as(format.wireName()).isEqualTo(image.chainId());
			if (format == ArchiveFormat.OCI) {
				assertThat(loaded.manifest()).isEqualTo(image.manifest());
			}
		}
	}

	private static ImageDiskUsage.Entry entry(ImageDiskUsage usage, Digest id) {
		return usage.images().stream().filter((e) -> e.image().id().equals(id)).findFirst().orElseThrow();
	}

}
