package dev.bulkhead.runtime.images;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.bulkhead.runtime.content.Digest;

/**
 * What one manifest of the store stands for: its manifest, the config and the chain ids
 * of its layers, read once from the content store.
 *
 * @param manifest the parsed manifest
 * @param configDigest the digest of the config, which is the image id
 * @param config the parsed config
 * @param chainIds the chain id of every layer, bottom first
 * @param size the sum of the layers' compressed sizes
 */
record ResolvedImage(Manifest manifest, Digest configDigest, ImageConfig config, List<String> chainIds, long size) {

	/** The blobs this image needs: its manifest, its config and its layers. */
	Set<Digest> blobs(Digest manifestDigest) {
		Set<Digest> blobs = new LinkedHashSet<>();
		blobs.add(manifestDigest);
		blobs.add(this.configDigest);
		this.manifest.layers().forEach((layer) -> blobs.add(layer.parsedDigest()));
		return blobs;
	}

	/** The chain id of the top layer, or null for an image without layers. */
	String topChainId() {
		return this.chainIds.isEmpty() ? null : this.chainIds.get(this.chainIds.size() - 1);
	}

}
