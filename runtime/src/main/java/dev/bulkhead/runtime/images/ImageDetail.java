package dev.bulkhead.runtime.images;

import java.util.List;

/**
 * Everything inspect shows of one image beyond {@link Image}: its layers with their
 * sizes, its repository digests and the containers built on it.
 *
 * @param image the image
 * @param layers its layers, bottom first
 * @param repoDigests {@code repository@manifest-digest} for each repository it is named
 * in
 */
public record ImageDetail(Image image, List<Layer> layers, List<String> repoDigests) {

	public ImageDetail {
		layers = List.copyOf(layers);
		repoDigests = List.copyOf(repoDigests);
	}

	/**
	 * One layer.
	 *
	 * @param digest the digest of the layer blob as stored (compressed or not)
	 * @param mediaType the layer's media type
	 * @param size the bytes of the blob
	 * @param diffId the digest of the uncompressed layer tar
	 * @param chainId the chain id: the snapshot holding this layer over those below
	 * @param unpackedSize the bytes of the files this layer unpacked (its own, not those
	 * below)
	 */
	public record Layer(String digest, String mediaType, long size, String diffId, String chainId, long unpackedSize) {
	}

}
