package dev.bulkhead.runtime.images;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.bulkhead.runtime.content.Digest;

/**
 * Measures images: each image's blobs and layers, which of them other images share, the
 * store's total with every blob and layer counted once, and the layers of one image for
 * inspect.
 */
final class ImageSizes {

	private final ImageResolver resolver;

	private final ReferenceCounts counts;

	ImageSizes(ImageResolver resolver, ReferenceCounts counts) {
		this.resolver = resolver;
		this.counts = counts;
	}

	ImageDiskUsage diskUsage(ReferenceIndex current, long reclaimable, long danglingReclaimable) {
		Map<Digest, List<Digest>> byImage = byImage(current, this.resolver);
		Map<Digest, Set<String>> objects = new LinkedHashMap<>();
		Map<String, Integer> owners = new HashMap<>();
		Map<String, Long> sizes = new HashMap<>();
		for (Map.Entry<Digest, List<Digest>> image : byImage.entrySet()) {
			Set<String> held = new LinkedHashSet<>();
			for (Digest manifest : image.getValue()) {
				ResolvedImage resolved = this.resolver.resolve(manifest);
				for (Digest blob : resolved.blobs(manifest)) {
					String key = "blob " + blob;
					held.add(key);
					sizes.computeIfAbsent(key, (k) -> this.counts.blobBytes(blob));
				}
				for (String layer : resolved.chainIds()) {
					String key = "layer " + layer;
					held.add(key);
					sizes.computeIfAbsent(key, (k) -> this.counts.layerBytes(layer));
				}
			}
			held.forEach((key) -> owners.merge(key, 1, Integer::sum));
			objects.put(image.getKey(), held);
		}
		List<ImageDiskUsage.Entry> entries = new ArrayList<>();
		for (Map.Entry<Digest, Set<String>> image : objects.entrySet()) {
			long bytes = 0;
			long shared = 0;
			for (String key : image.getValue()) {
				bytes += sizes.get(key);
				if (owners.get(key) > 1) {
					shared += sizes.get(key);
				}
			}
			List<Digest> manifests = byImage.get(image.getKey());
			entries.add(new ImageDiskUsage.Entry(ImageLookup.toImage(current, this.resolver, manifests.get(0)), bytes,
					shared, bytes - shared));
		}
		entries.sort(Comparator.comparing((ImageDiskUsage.Entry entry) -> entry.image().id().hex()));
		long blobBytes = 0;
		long layerBytes = 0;
		for (Map.Entry<String, Long> size : sizes.entrySet()) {
			if (size.getKey().startsWith("blob ")) {
				blobBytes += size.getValue();
			}
			else {
				layerBytes += size.getValue();
			}
		}
		return new ImageDiskUsage(entries, blobBytes + layerBytes, blobBytes, layerBytes, reclaimable,
				danglingReclaimable);
	}

	ImageDetail detail(ReferenceIndex current, Digest manifestDigest) {
		ResolvedImage resolved = this.resolver.resolve(manifestDigest);
		Image image = ImageLookup.toImage(current, this.resolver, manifestDigest);
		List<ImageDetail.Layer> layers = new ArrayList<>();
		List<String> diffIds = resolved.config().rootfs().diffIds();
		for (int i = 0; i < resolved.manifest().layers().size(); i++) {
			Descriptor layer = resolved.manifest().layers().get(i);
			String chainId = resolved.chainIds().get(i);
			layers.add(new ImageDetail.Layer(layer.digest(), layer.mediaType(), layer.size(), diffIds.get(i), chainId,
					this.counts.layerBytes(chainId)));
		}
		Set<String> repoDigests = new LinkedHashSet<>();
		for (Map.Entry<String, Digest> reference : current.references().entrySet()) {
			if (this.resolver.resolve(reference.getValue()).configDigest().equals(resolved.configDigest())) {
				repoDigests.add(repository(reference.getKey()) + "@" + reference.getValue());
			}
		}
		return new ImageDetail(image, layers, new ArrayList<>(repoDigests));
	}

	/** Every manifest of the index grouped by the image (config) it stands for. */
	static Map<Digest, List<Digest>> byImage(ReferenceIndex current, ImageResolver resolver) {
		Map<Digest, List<Digest>> byImage = new LinkedHashMap<>();
		for (Digest manifest : current.manifests()) {
			byImage.computeIfAbsent(resolver.resolve(manifest).configDigest(), (id) -> new ArrayList<>()).add(manifest);
		}
		return byImage;
	}

	/** {@code host:5000/app:1} is in repository {@code host:5000/app}. */
	static String repository(String reference) {
		String name = reference;
		int at = name.indexOf('@');
		if (at >= 0) {
			name = name.substring(0, at);
		}
		int colon = name.lastIndexOf(':');
		if (colon > name.lastIndexOf('/')) {
			name = name.substring(0, colon);
		}
		return name;
	}

}
