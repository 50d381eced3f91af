package dev.bulkhead.runtime.images;

import java.util.List;

import dev.bulkhead.runtime.content.Digest;

/**
 * What a remove or a prune did, as {@code docker rmi} and {@code docker image prune}
 * report it.
 *
 * @param untagged the references that were removed
 * @param deleted the ids of the images that are gone
 * @param reclaimedBytes the bytes of blobs and layer snapshots freed on disk
 */
public record ImageRemoval(List<String> untagged, List<Digest> deleted, long reclaimedBytes) {

	public ImageRemoval {
		untagged = List.copyOf(untagged);
		deleted = List.copyOf(deleted);
	}

}
