package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.snapshots.Snapshotter;
import dev.bulkhead.runtime.state.FileTrees;
import dev.bulkhead.runtime.sys.Syscalls;

/**
 * The {@link ImageStore} of one data root. It manages the lifecycle of images from load
 * (or pull, or import) to remove: blobs in the {@link ContentStore}, layers unpacked into
 * a chain of committed snapshots named by chain id, and the reference index in
 * {@code <data-root>/images/index.json}. A load is all or nothing: on failure the active
 * snapshot, the snapshots and the blobs it added are removed and the index is unchanged.
 * A remove or prune frees the blobs and snapshots no remaining image uses
 * ({@link ReferenceCounts}). Changes are serialized by one lock; reads see the last
 * written index.
 */
public final class LocalImageStore implements ImageStore {

	private final Path indexFile;

	private final Path loadTemp;

	private final ContentStore content;

	private final Snapshotter snapshotter;

	private final LayerUnpacker unpacker;

	private final ObjectMapper mapper;

	private final Platform platform;

	private final ImageResolver resolver;

	private final ReferenceCounts counts;

	private final ImageSizes sizes;

	private final LayerSnapshots layers;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile ReferenceIndex index;

	public LocalImageStore(Path dataRoot, ContentStore content, Snapshotter snapshotter, Syscalls syscalls) {
		this(dataRoot, content, snapshotter, new LayerUnpacker(syscalls), JsonMapper.builder().build(),
				Platform.host());
	}

	/**
	 * @param unpacker applies layers (its size cap applies to every layer)
	 * @param mapper reads and writes the OCI JSON documents and the index
	 * @param platform the platform whose manifest is picked from a multi-platform index
	 */
	public LocalImageStore(Path dataRoot, ContentStore content, Snapshotter snapshotter, LayerUnpacker unpacker,
			ObjectMapper mapper, Platform platform) {
		this.indexFile = dataRoot.resolve("images").resolve("index.json");
		this.loadTemp = dataRoot.resolve("images").resolve("tmp");
		this.content = content;
		this.snapshotter = snapshotter;
		this.unpacker = unpacker;
		this.mapper = mapper;
		this.platform = platform;
		this.resolver = new ImageResolver(content, mapper);
		this.counts = new ReferenceCounts(this.resolver, content, snapshotter);
		this.sizes = new ImageSizes(this.resolver, this.counts);
		this.layers = new LayerSnapshots(content, snapshotter, unpacker, this.resolver);
		this.index = ReferenceIndex.read(this.indexFile, mapper);
		recoverFromInterruptedLoads();
	}

	/**
	 * A load cut short by a crash leaves its temporary directory and possibly an active
	 * extract snapshot; neither is reachable from the index.
	 */
	private void recoverFromInterruptedLoads() {
		FileTrees.delete(this.loadTemp);
		for (Snapshotter.Info info : this.snapshotter.list()) {
			if (info.kind() == Snapshotter.Kind.ACTIVE && info.name().startsWith(ReferenceCounts.EXTRACT_PREFIX)) {
				this.snapshotter.remove(info.name());
			}
		}
	}

	@Override
	public List<Image> list() {
		ReferenceIndex current = this.index;
		Map<Digest, Image> images = new LinkedHashMap<>();
		for (Map.Entry<Digest, List<Digest>> image : ImageSizes.byImage(current, this.resolver).entrySet()) {
			images.put(image.getKey(), ImageLookup.toImage(current, this.resolver, image.getValue().get(0)));
		}
		List<Image> list = new ArrayList<>(images.values());
		list.sort(Comparator.comparing((Image image) -> image.id().hex()));
		return list;
	}

	@Override
	public Image get(String referenceOrId) {
		ReferenceIndex current = this.index;
		return ImageLookup.toImage(current, this.resolver, ImageLookup.find(current, this.resolver, referenceOrId));
	}

	@Override
	public ImageDetail inspect(String referenceOrId) {
		ReferenceIndex current = this.index;
		return this.sizes.detail(current, ImageLookup.find(current, this.resolver, referenceOrId));
	}

	@Override
	public List<Image> load(InputStream tar) {
		Path work = createLoadDirectory();
		try {
			ExtractedArchive archive = ExtractedArchive.extract(tar, work);
			return locked(() -> loadLocked(archive));
		}
		finally {
			FileTrees.delete(work);
		}
	}

	private List<Image> loadLocked(ExtractedArchive archive) {
		ArchiveImporter importer = new ArchiveImporter(archive, this.content, this.mapper, this.platform);
		LayerSnapshots.Unpacking unpacking = new LayerSnapshots.Unpacking();
		try {
			List<ArchiveImporter.Imported> imported = importer.importAll();
			ReferenceIndex next = this.index;
			for (ArchiveImporter.Imported image : imported) {
				this.layers.unpack(image.references(), image.manifest(), unpacking);
				next = next.with(image.references(), image.manifest());
			}
			ReferenceIndex current = commit(next);
			return imported.stream()
				.map(ArchiveImporter.Imported::manifest)
				.distinct()
				.map((manifest) -> ImageLookup.toImage(current, this.resolver, manifest))
				.toList();
		}
		catch (RuntimeException ex) {
			this.layers.rollback(ex, unpacking, importer.added());
			throw ex;
		}
	}

	@Override
	public Image register(String reference, Digest manifest, List<Digest> added) {
		String name = References.normalize(reference);
		return locked(() -> registerLocked(List.of(name), manifest, added));
	}

	@Override
	public Image importRootfs(InputStream tar, ImportOptions options) {
		List<String> names = (options.reference() != null && !options.reference().isBlank())
				? List.of(tagName(options.reference())) : List.of();
		RootfsImporter importer = new RootfsImporter(this.content, this.mapper, this.platform, Clock.systemUTC(),
				this.unpacker.maxUnpackedBytes());
		Digest manifest;
		try {
			manifest = importer.importTar(tar, options);
		}
		catch (RuntimeException ex) {
			importer.added().forEach(this.content::delete);
			throw ex;
		}
		return locked(() -> registerLocked(names, manifest, importer.added()));
	}

	private Image registerLocked(List<String> names, Digest manifest, List<Digest> added) {
		LayerSnapshots.Unpacking unpacking = new LayerSnapshots.Unpacking();
		try {
			this.layers.checkComplete(names.isEmpty() ? manifest.toString() : names.get(0), manifest);
			this.layers.unpack(names, manifest, unpacking);
			ReferenceIndex next = commit(this.index.with(names, manifest));
			return ImageLookup.toImage(next, this.resolver, manifest);
		}
		catch (RuntimeException ex) {
			this.layers.rollback(ex, unpacking, added);
			throw ex;
		}
	}

	@Override
	public Image tag(String referenceOrId, String target) {
		String name = tagName(target);
		return locked(() -> {
			ReferenceIndex current = this.index;
			Digest manifest = ImageLookup.find(current, this.resolver, referenceOrId);
			ReferenceIndex next = current.with(List.of(name), manifest);
			return ImageLookup.toImage(commit(next), this.resolver, manifest);
		});
	}

	/** A name an image can be tagged with: a valid reference, not pinned by digest. */
	private static String tagName(String target) {
		String name = References.normalize(target);
		if (name.indexOf('@') >= 0) {
			throw new InvalidArgumentException("'" + target + "' names a digest; a tag target must be name[:tag], "
					+ "e.g. registry.example:5000/team/app:1.0");
		}
		return name;
	}

	@Override
	public void delete(String referenceOrId) {
		remove(referenceOrId, false, Set.of());
	}

	@Override
	public ImageRemoval remove(String referenceOrId, boolean force, Set<Digest> inUse) {
		return locked(() -> {
			ReferenceIndex current = this.index;
			Digest manifest = ImageLookup.find(current, this.resolver, referenceOrId);
			String normalized = ImageLookup.asReference(referenceOrId.trim());
			ReferenceIndex next;
			if (normalized != null && manifest.equals(current.references().get(normalized))) {
				next = current.withoutReference(normalized);
			}
			else {
				Digest id = this.resolver.resolve(manifest).configDigest();
				next = current.withoutManifests(ImageSizes.byImage(current, this.resolver)
					.get(id)
					.stream()
					.collect(java.util.stream.Collectors.toSet()));
			}
			ReferenceCounts.Freed freed = this.counts.freed(current, next);
			List<String> users = this.counts.usersOf(freed.layers());
			boolean used = deletedIds(next, freed).stream().anyMatch(inUse::contains);
			if (used || !users.isEmpty()) {
				if (!force) {
					throw new ConflictException("image '" + referenceOrId + "' is in use by "
							+ (users.isEmpty() ? "a container" : users.size() + " container(s)")
							+ "; remove them first, or remove the image with force to take its names away and keep "
							+ "it until they are gone");
				}
				// Forced: the names go, the image stays (untagged) for its containers,
				// and a later remove or prune frees it once they are gone.
				for (Digest kept : freed.manifests()) {
					next = next.with(List.of(), kept);
				}
				freed = this.counts.freed(current, next);
			}
			return apply(current, next, freed);
		});
	}

	@Override
	public ImageRemoval prune(boolean all, Set<Digest> inUse) {
		return locked(() -> {
			ReferenceIndex current = this.index;
			ReferenceIndex next = pruned(current, all, inUse);
			ReferenceCounts.Freed freed = this.counts.freed(current, next);
			List<String> users = this.counts.usersOf(freed.layers());
			if (!users.isEmpty()) {
				throw new ConflictException("pruning would remove layers under " + users.size()
						+ " snapshot(s) that are not containers of a pruned image; nothing was removed");
			}
			return apply(current, next, freed);
		});
	}

	/** The index without the images a prune removes: those not in use. */
	private ReferenceIndex pruned(ReferenceIndex current, boolean all, Set<Digest> inUse) {
		Set<Digest> removed = new LinkedHashSet<>();
		for (Map.Entry<Digest, List<Digest>> image : ImageSizes.byImage(current, this.resolver).entrySet()) {
			boolean tagged = image.getValue().stream().anyMatch(current.references()::containsValue);
			if (!inUse.contains(image.getKey()) && (all || !tagged)) {
				removed.addAll(image.getValue());
			}
		}
		return current.withoutManifests(removed);
	}

	/**
	 * The ids of the images that going from the current index to {@code next} deletes.
	 */
	private Set<Digest> deletedIds(ReferenceIndex next, ReferenceCounts.Freed freed) {
		Set<Digest> remainingIds = new LinkedHashSet<>();
		next.manifests().forEach((manifest) -> remainingIds.add(this.resolver.resolve(manifest).configDigest()));
		Set<Digest> deleted = new LinkedHashSet<>();
		freed.manifests().forEach((manifest) -> deleted.add(this.resolver.resolve(manifest).configDigest()));
		deleted.removeAll(remainingIds);
		return deleted;
	}

	/** Writes the new index, then frees what no image needs any more. */
	private ImageRemoval apply(ReferenceIndex current, ReferenceIndex next, ReferenceCounts.Freed freed) {
		List<String> untagged = new ArrayList<>(current.references().keySet());
		untagged.removeIf((name) -> current.references().get(name).equals(next.references().get(name)));
		Set<Digest> deleted = deletedIds(next, freed);
		long bytes = this.counts.bytes(freed);
		commit(next);
		for (String layer : freed.layers()) {
			if (this.snapshotter.stat(layer).isPresent()) {
				this.snapshotter.remove(layer);
			}
			this.counts.forgetLayer(layer);
		}
		for (Digest blob : freed.blobs()) {
			this.content.delete(blob);
			this.resolver.forget(blob);
		}
		return new ImageRemoval(untagged, new ArrayList<>(deleted), bytes);
	}

	/**
	 * Measured without the lock, on the index as it is now, so that a list does not wait
	 * for a load or pull to finish.
	 */
	@Override
	public ImageDiskUsage diskUsage(Set<Digest> inUse) {
		ReferenceIndex current = this.index;
		long all = this.counts.bytes(this.counts.freed(current, pruned(current, true, inUse)));
		long dangling = this.counts.bytes(this.counts.freed(current, pruned(current, false, inUse)));
		return this.sizes.diskUsage(current, all, dangling);
	}

	@Override
	public void save(String referenceOrId, ArchiveFormat format, OutputStream out) {
		ReferenceIndex current = this.index;
		Digest manifest = ImageLookup.find(current, this.resolver, referenceOrId);
		ResolvedImage image = this.resolver.resolve(manifest);
		String normalized = ImageLookup.asReference(referenceOrId.trim());
		// Saving by name carries that name (as docker save does); by id, every name.
		List<String> names = (normalized != null && manifest.equals(current.references().get(normalized)))
				? List.of(normalized) : ImageLookup.toImage(current, this.resolver, manifest).references();
		new ImageArchiveWriter(this.content, this.mapper)
			.write(List.of(new ImageArchiveWriter.Saved(manifest, image, names)), format, out);
	}

	private ReferenceIndex commit(ReferenceIndex next) {
		next.write(this.indexFile, this.mapper);
		this.index = next;
		return next;
	}

	private <T> T locked(Supplier<T> action) {
		this.lock.lock();
		try {
			return action.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	private Path createLoadDirectory() {
		try {
			Files.createDirectories(this.loadTemp);
			return Files.createTempDirectory(this.loadTemp, "load-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create a temporary directory under " + this.loadTemp, ex);
		}
	}

}
