package dev.bulkhead.runtime.images;

import java.time.Instant;
import java.util.List;

import dev.bulkhead.runtime.content.Digest;

/**
 * One image on this host.
 *
 * @param id the digest of the image config, as docker shows image ids
 * @param references the names that point at it ({@code busybox:latest})
 * @param manifest the digest of its manifest
 * @param size the sum of its layers' compressed sizes
 * @param created when the image says it was built (may be null)
 * @param config the parsed image config
 * @param chainId the chain id of its top layer: the snapshot a container is prepared on
 */
public record Image(Digest id, List<String> references, Digest manifest, long size, Instant created, ImageConfig config,
		String chainId) {

	public Image {
		references = List.copyOf(references);
	}

}
