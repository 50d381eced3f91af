package dev.bulkhead.runtime.images;

import java.util.List;

/**
 * The disk use of the image store, as {@code docker system df -v} shows it. An image's
 * bytes are its blobs (manifest, config, compressed layers) plus its unpacked layer
 * snapshots; a blob or layer that several images use is shared, counted once in the
 * total.
 *
 * @param images every image with its sizes
 * @param totalBytes the bytes of every blob and layer of every image, each counted once
 * @param blobBytes the part of the total in the content store
 * @param layerBytes the part of the total in unpacked layer snapshots
 * @param reclaimableBytes what removing every image no container uses frees (a prune with
 * {@code all})
 * @param danglingReclaimableBytes what removing the untagged images no container uses
 * frees (a prune)
 */
public record ImageDiskUsage(List<Entry> images, long totalBytes, long blobBytes, long layerBytes,
		long reclaimableBytes, long danglingReclaimableBytes) {

	public ImageDiskUsage {
		images = List.copyOf(images);
	}

	/**
	 * One image.
	 *
	 * @param image the image
	 * @param bytes its blobs and layers
	 * @param sharedBytes the part of {@code bytes} another image uses too
	 * @param uniqueBytes the part only this image uses: what removing it frees
	 */
	public record Entry(Image image, long bytes, long sharedBytes, long uniqueBytes) {
	}

}
