package dev.bulkhead.runtime.images;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.snapshots.Snapshotter;

/**
 * Reference counting of what images hold on disk. A blob or a layer snapshot belongs to
 * every image whose manifest needs it, and is freed only when the last such image goes; a
 * snapshot built on a layer (a container's root filesystem) keeps it however many images
 * go. Sizes are measured here too: a blob by its file, a committed layer by walking it
 * once (committed snapshots never change, so the walk is cached).
 */
final class ReferenceCounts {

	/** Active snapshots with this prefix are loads in progress, not containers. */
	static final String EXTRACT_PREFIX = "extract-";

	private final ImageResolver resolver;

	private final ContentStore content;

	private final Snapshotter snapshotter;

	private final Map<String, Long> layerBytes = new ConcurrentHashMap<>();

	ReferenceCounts(ImageResolver resolver, ContentStore content, Snapshotter snapshotter) {
		this.resolver = resolver;
		this.content = content;
		this.snapshotter = snapshotter;
	}

	/**
	 * What going from {@code current} to {@code next} frees: the manifests that go, the
	 * layer snapshots no remaining manifest needs (highest first, so that each is removed
	 * before its parent) and the blobs no remaining manifest needs.
	 */
	Freed freed(ReferenceIndex current, ReferenceIndex next) {
		Set<Digest> removed = new LinkedHashSet<>(current.manifests());
		removed.removeAll(next.manifests());
		Set<String> keptLayers = new HashSet<>();
		Set<Digest> keptBlobs = new HashSet<>();
		for (Digest manifest : next.manifests()) {
			ResolvedImage image = this.resolver.resolve(manifest);
			keptLayers.addAll(image.chainIds());
			keptBlobs.addAll(image.blobs(manifest));
		}
		Map<String, Integer> depth = new LinkedHashMap<>();
		Set<Digest> blobs = new LinkedHashSet<>();
		for (Digest manifest : removed) {
			ResolvedImage image = this.resolver.resolve(manifest);
			List<String> chain = image.chainIds();
			for (int i = 0; i < chain.size(); i++) {
				if (!keptLayers.contains(chain.get(i))) {
					depth.put(chain.get(i), i);
				}
			}
			for (Digest blob : image.blobs(manifest)) {
				if (!keptBlobs.contains(blob)) {
					blobs.add(blob);
				}
			}
		}
		List<String> layers = new ArrayList<>(depth.keySet());
		layers.sort(Comparator.comparing(depth::get, Comparator.reverseOrder()));
		return new Freed(removed, layers, blobs);
	}

	/**
	 * The snapshots outside {@code layers} built directly on one of them: containers'
	 * root filesystems that would lose their lower layers.
	 */
	List<String> usersOf(Collection<String> layers) {
		Set<String> removing = new HashSet<>(layers);
		List<String> users = new ArrayList<>();
		for (Snapshotter.Info info : this.snapshotter.list()) {
			if (info.parent() != null && removing.contains(info.parent()) && !removing.contains(info.name())) {
				users.add(info.name());
			}
		}
		return users;
	}

	/** Bytes on disk of a blob (its file's size). */
	long blobBytes(Digest blob) {
		try {
			return this.content.size(blob);
		}
		catch (NotFoundException ex) {
			// A blob lost from the store holds no bytes; the image says so when used.
			return 0;
		}
	}

	/** Bytes of the files of one layer's own snapshot (not of its parents). */
	long layerBytes(String chainId) {
		Long known = this.layerBytes.get(chainId);
		if (known != null) {
			return known;
		}
		if (this.snapshotter.stat(chainId).isEmpty()) {
			return 0;
		}
		long bytes;
		try {
			bytes = this.snapshotter.usage(chainId).bytes();
		}
		catch (NotFoundException ex) {
			// Removed since the stat (sizes are read without the store's lock).
			return 0;
		}
		catch (UncheckedIOException ex) {
			if (ex.getCause() instanceof NoSuchFileException) {
				// Removed while it was being walked.
				return 0;
			}
			throw ex;
		}
		this.layerBytes.put(chainId, bytes);
		return bytes;
	}

	/** Bytes that removing these blobs and layers gives back. */
	long bytes(Freed freed) {
		long bytes = 0;
		for (Digest blob : freed.blobs()) {
			bytes += blobBytes(blob);
		}
		for (String layer : freed.layers()) {
			bytes += layerBytes(layer);
		}
		return bytes;
	}

	/** Forgets the measure of a removed layer. */
	void forgetLayer(String chainId) {
		this.layerBytes.remove(chainId);
	}

	/**
	 * What a change of the index frees.
	 *
	 * @param manifests the manifests that go
	 * @param layers the layer snapshots no remaining image needs, highest first
	 * @param blobs the blobs no remaining image needs
	 */
	record Freed(Set<Digest> manifests, List<String> layers, Set<Digest> blobs) {
	}

}
