package dev.bulkhead.backend.images;

import java.util.List;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.images.ImageRemoval;

/**
 * What a remove or prune did: the names taken away, the images deleted and the bytes
 * freed on disk (blobs and unpacked layers).
 */
record ImageRemovalView(List<String> untagged, List<String> deleted, long reclaimedBytes) {

	static ImageRemovalView of(ImageRemoval removal) {
		return new ImageRemovalView(removal.untagged(), removal.deleted().stream().map(Digest::toString).toList(),
				removal.reclaimedBytes());
	}

}
