package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InternalException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.snapshots.Snapshotter;
import dev.bulkhead.runtime.sys.Syscalls;
import dev.bulkhead.runtime.state.FileTrees;

/**
 * The {@link ImageStore} of one data root. It manages the lifecycle of images from load
 * to delete: blobs in the {@link ContentStore}, layers unpacked into a chain of committed
 * snapshots named by chain id, and the reference index in
 * {@code <data-root>/images/index.json}. A load is all or nothing: on failure the active
 * snapshot, the snapshots and the blobs it added are removed and the index is unchanged.
 * A delete frees the blobs and snapshots no remaining image uses. Loads and deletes are
 * serialized by one lock; reads see the last written index.
 */
public final class LocalImageStore implements ImageStore {

	private static final Pattern HEX_ID = Pattern.compile("[a-f0-9]{12,64}");

	private static final String EXTRACT_PREFIX = "extract-";

	private final Path indexFile;

	private final Path loadTemp;

	private final ContentStore content;

	private final Snapshotter snapshotter;

	private final LayerUnpacker unpacker;

	private final ObjectMapper mapper;

	private final Platform platform;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<Digest, Resolved> resolved = new ConcurrentHashMap<>();

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
			if (info.kind() == Snapshotter.Kind.ACTIVE && info.name().startsWith(EXTRACT_PREFIX)) {
				this.snapshotter.remove(info.name());
			}
		}
	}

	@Override
	public List<Image> list() {
		ReferenceIndex current = this.index;
		Map<Digest, Image> images = new LinkedHashMap<>();
		for (Digest manifest : current.manifests()) {
			Resolved image = resolve(manifest);
			images.putIfAbsent(image.configDigest(), toImage(current, manifest, image));
		}
		List<Image> list = new ArrayList<>(images.values());
		list.sort(Comparator.comparing((Image image) -> image.id().hex()));
		return list;
	}

	@Override
	public Image get(String referenceOrId) {
		ReferenceIndex current = this.index;
		Digest manifest = find(current, referenceOrId);
		return toImage(current, manifest, resolve(manifest));
	}

	@Override
	public List<Image> load(InputStream tar) {
		Path work = createLoadDirectory();
		try {
			ExtractedArchive archive = ExtractedArchive.extract(tar, work);
			this.lock.lock();
			try {
				return loadLocked(archive);
			}
			finally {
				this.lock.unlock();
			}
		}
		finally {
			FileTrees.delete(work);
		}
	}

	private List<Image> loadLocked(ExtractedArchive archive) {
		ArchiveImporter importer = new ArchiveImporter(archive, this.content, this.mapper, this.platform);
		List<String> committed = new ArrayList<>();
		String[] active = new String[1];
		try {
			List<ArchiveImporter.Imported> imported = importer.importAll();
			ReferenceIndex next = this.index;
			for (ArchiveImporter.Imported image : imported) {
				unpackLayers(image.references(), image.manifest(), committed, active);
				next = next.with(image.references(), image.manifest());
			}
			next.write(this.indexFile, this.mapper);
			this.index = next;
			ReferenceIndex current = next;
			return imported.stream()
				.map(ArchiveImporter.Imported::manifest)
				.distinct()
				.map((manifest) -> toImage(current, manifest, resolve(manifest)))
				.toList();
		}
		catch (RuntimeException ex) {
			rollback(ex, active[0], committed, importer.added());
			throw ex;
		}
	}

	@Override
	public Image register(String reference, Digest manifest, List<Digest> added) {
		String name = References.normalize(reference);
		this.lock.lock();
		try {
			List<String> committed = new ArrayList<>();
			String[] active = new String[1];
			try {
				checkComplete(name, manifest);
				unpackLayers(List.of(name), manifest, committed, active);
				ReferenceIndex next = this.index.with(List.of(name), manifest);
				next.write(this.indexFile, this.mapper);
				this.index = next;
				return toImage(next, manifest, resolve(manifest));
			}
			catch (RuntimeException ex) {
				rollback(ex, active[0], committed, added);
				throw ex;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A registered image must be whole: every blob present and one diff id per layer, or
	 * a container would later fail on a missing lower layer.
	 */
	private void checkComplete(String name, Digest manifestDigest) {
		Resolved image = resolve(manifestDigest);
		if (image.chainIds().size() != image.manifest().layers().size()) {
			throw new InvalidArgumentException("image " + name + " has " + image.manifest().layers().size()
					+ " layers but its config lists " + image.chainIds().size() + " diff ids; the image is malformed");
		}
		for (Digest blob : image.blobs(manifestDigest)) {
			if (!this.content.exists(blob)) {
				throw new NotFoundException(
						"blob " + blob + " of image " + name + " is not in the content store; pull the image again");
			}
		}
	}

	private void unpackLayers(List<String> references, Digest manifest, List<String> committed, String[] active) {
		Resolved resolved = resolve(manifest);
		String name = references.isEmpty() ? manifest.toString() : references.get(0);
		String parent = null;
		for (int i = 0; i < resolved.chainIds().size(); i++) {
			String chainId = resolved.chainIds().get(i);
			if (this.snapshotter.stat(chainId).isEmpty()) {
				Descriptor layer = resolved.manifest().layers().get(i);
				Digest diffId = Digest.parse(resolved.config().rootfs().diffIds().get(i));
				String key = EXTRACT_PREFIX + UUID.randomUUID();
				this.snapshotter.prepare(key, parent);
				active[0] = key;
				try (InputStream in = this.content.open(layer.parsedDigest())) {
					this.unpacker.unpack(in, this.snapshotter.applyDir(key), diffId);
				}
				catch (InvalidArgumentException ex) {
					throw new InvalidArgumentException(
							"image " + name + ", layer " + (i + 1) + " (" + layer.digest() + "): " + ex.getMessage(),
							ex);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("cannot read layer " + layer.digest(), ex);
				}
				this.snapshotter.commit(chainId, key);
				active[0] = null;
				committed.add(chainId);
			}
			parent = chainId;
		}
	}

	private void rollback(RuntimeException failure, String activeKey, List<String> committed, List<Digest> added) {
		List<Runnable> steps = new ArrayList<>();
		if (activeKey != null) {
			steps.add(() -> this.snapshotter.remove(activeKey));
		}
		for (int i = committed.size() - 1; i >= 0; i--) {
			String chainId = committed.get(i);
			steps.add(() -> this.snapshotter.remove(chainId));
		}
		for (Digest blob : added) {
			steps.add(() -> this.content.delete(blob));
			steps.add(() -> this.resolved.remove(blob));
		}
		for (Runnable step : steps) {
			try {
				step.run();
			}
			catch (RuntimeException cleanupFailure) {
				failure.addSuppressed(cleanupFailure);
			}
		}
	}

	@Override
	public void delete(String referenceOrId) {
		this.lock.lock();
		try {
			ReferenceIndex current = this.index;
			Digest manifest = find(current, referenceOrId);
			ReferenceIndex next;
			String normalized = asReference(referenceOrId);
			if (normalized != null && manifest.equals(current.references().get(normalized))) {
				next = current.withoutReference(normalized);
			}
			else {
				Digest id = resolve(manifest).configDigest();
				Set<Digest> sameImage = new HashSet<>();
				for (Digest other : current.manifests()) {
					if (resolve(other).configDigest().equals(id)) {
						sameImage.add(other);
					}
				}
				next = current.withoutManifests(sameImage);
			}
			Set<Digest> removed = new LinkedHashSet<>(current.manifests());
			removed.removeAll(next.manifests());
			List<String> snapshots = unusedSnapshots(next, removed);
			checkNotInUse(referenceOrId, snapshots);
			next.write(this.indexFile, this.mapper);
			this.index = next;
			for (String snapshot : snapshots) {
				if (this.snapshotter.stat(snapshot).isPresent()) {
					this.snapshotter.remove(snapshot);
				}
			}
			for (Digest blob : unusedBlobs(next, removed)) {
				this.content.delete(blob);
				this.resolved.remove(blob);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The snapshots only the removed manifests use, highest first so that each is removed
	 * before its parent.
	 */
	private List<String> unusedSnapshots(ReferenceIndex remaining, Set<Digest> removed) {
		Set<String> kept = new HashSet<>();
		for (Digest manifest : remaining.manifests()) {
			kept.addAll(resolve(manifest).chainIds());
		}
		Map<String, Integer> depth = new LinkedHashMap<>();
		for (Digest manifest : removed) {
			List<String> chain = resolve(manifest).chainIds();
			for (int i = 0; i < chain.size(); i++) {
				if (!kept.contains(chain.get(i))) {
					depth.put(chain.get(i), i);
				}
			}
		}
		List<String> unused = new ArrayList<>(depth.keySet());
		unused.sort(Comparator.comparing(depth::get, Comparator.reverseOrder()));
		return unused;
	}

	/** Refuses the delete, before anything changes, while a container sits on a layer. */
	private void checkNotInUse(String referenceOrId, List<String> snapshots) {
		Set<String> removing = new HashSet<>(snapshots);
		for (Snapshotter.Info info : this.snapshotter.list()) {
			if (info.parent() != null && removing.contains(info.parent()) && !removing.contains(info.name())) {
				throw new ConflictException("image '" + referenceOrId + "' is in use: snapshot '" + info.name()
						+ "' (a container's root filesystem) is built on it; remove its containers first");
			}
		}
	}

	private Set<Digest> unusedBlobs(ReferenceIndex remaining, Set<Digest> removed) {
		Set<Digest> kept = new HashSet<>();
		for (Digest manifest : remaining.manifests()) {
			kept.addAll(resolve(manifest).blobs(manifest));
		}
		Set<Digest> unused = new LinkedHashSet<>();
		for (Digest manifest : removed) {
			for (Digest blob : resolve(manifest).blobs(manifest)) {
				if (!kept.contains(blob)) {
					unused.add(blob);
				}
			}
		}
		return unused;
	}

	/** The manifest a reference, full id or unique id prefix names. */
	private Digest find(ReferenceIndex current, String referenceOrId) {
		String value = (referenceOrId != null) ? referenceOrId.trim() : "";
		if (value.isEmpty()) {
			throw new InvalidArgumentException("an image reference or id is missing");
		}
		boolean explicitId = value.startsWith("sha256:");
		String reference = explicitId ? null : asReference(value);
		if (reference != null) {
			Digest manifest = current.references().get(reference);
			if (manifest != null) {
				return manifest;
			}
			int at = reference.indexOf('@');
			if (at >= 0) {
				Digest byDigest = Digest.parse(reference.substring(at + 1));
				if (current.manifests().contains(byDigest)) {
					return byDigest;
				}
			}
		}
		String hex = explicitId ? value.substring("sha256:".length()) : value;
		if (HEX_ID.matcher(hex).matches()) {
			Map<Digest, Digest> matches = new HashMap<>();
			for (Digest manifest : current.manifests()) {
				Digest id = resolve(manifest).configDigest();
				if (id.hex().startsWith(hex)) {
					matches.putIfAbsent(id, manifest);
				}
			}
			if (matches.size() > 1) {
				throw new InvalidArgumentException(
						"the id prefix '" + value + "' matches " + matches.size() + " images; give more digits");
			}
			if (matches.size() == 1) {
				return matches.values().iterator().next();
			}
		}
		else if (explicitId) {
			throw new InvalidArgumentException("'" + value + "' is not a valid image id; expected sha256: followed by "
					+ "12 to 64 lowercase hex digits");
		}
		throw new NotFoundException("image '" + value + "' is not on this host; load or pull it first");
	}

	/** The familiar form of a reference, or null when the text cannot be one. */
	private static String asReference(String value) {
		if (value.startsWith("sha256:") || value.matches("[a-f0-9]{64}")) {
			return null;
		}
		try {
			return References.normalize(value);
		}
		catch (InvalidArgumentException ex) {
			// Not a reference; the caller tries it as an id next.
			return null;
		}
	}

	private Image toImage(ReferenceIndex current, Digest manifest, Resolved image) {
		List<String> names = new ArrayList<>();
		current.references().forEach((name, target) -> {
			if (resolve(target).configDigest().equals(image.configDigest())) {
				names.add(name);
			}
		});
		List<String> chain = image.chainIds();
		return new Image(image.configDigest(), names, manifest, image.size(), created(image.config()), image.config(),
				chain.isEmpty() ? null : chain.get(chain.size() - 1));
	}

	private static Instant created(ImageConfig config) {
		if (config.created() == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(config.created()).toInstant();
		}
		catch (DateTimeParseException ex) {
			// The build time is the image's own claim and only shown; an unreadable one
			// is reported as unknown rather than making the image unusable.
			return null;
		}
	}

	/** The manifest and config behind a manifest digest, read once from the store. */
	private Resolved resolve(Digest manifestDigest) {
		return this.resolved.computeIfAbsent(manifestDigest, (digest) -> {
			Manifest manifest = readJson(digest, Manifest.class);
			Digest configDigest = manifest.config().parsedDigest();
			ImageConfig config = readJson(configDigest, ImageConfig.class);
			List<String> diffIds = (config.rootfs() != null && config.rootfs().diffIds() != null)
					? config.rootfs().diffIds() : List.of();
			long size = manifest.layers().stream().mapToLong(Descriptor::size).sum();
			return new Resolved(manifest, configDigest, config, ChainIds.of(diffIds), size);
		});
	}

	private <T> T readJson(Digest digest, Class<T> type) {
		try (InputStream in = this.content.open(digest)) {
			return this.mapper.readValue(in, type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read blob " + digest, ex);
		}
		catch (JacksonException ex) {
			throw new InternalException("blob " + digest + " in the content store is not a valid "
					+ type.getSimpleName() + "; delete the image and load it again", ex);
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

	private record Resolved(Manifest manifest, Digest configDigest, ImageConfig config, List<String> chainIds,
			long size) {

		Set<Digest> blobs(Digest manifestDigest) {
			Set<Digest> blobs = new LinkedHashSet<>();
			blobs.add(manifestDigest);
			blobs.add(this.configDigest);
			Stream.of(this.manifest.layers()).flatMap(List::stream).forEach((layer) -> blobs.add(layer.parsedDigest()));
			return blobs;
		}

	}

}
