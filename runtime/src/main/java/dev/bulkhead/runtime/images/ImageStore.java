package dev.bulkhead.runtime.images;

import java.io.InputStream;
import java.util.List;

/**
 * Images known to this host: references (e.g. {@code busybox:latest}) pointing at
 * manifests in the content store, each image unpacked into a chain of committed snapshots
 * so that a container can be prepared on top of it.
 */
public interface ImageStore {

	List<Image> list();

	/**
	 * Finds an image by reference ({@code name:tag}, a name alone meaning
	 * {@code :latest}), by full id ({@code sha256:...}) or by a unique id prefix of at
	 * least 12 hex digits. Throws NotFoundException.
	 */
	Image get(String referenceOrId);

	/**
	 * Loads an OCI image layout tar or a {@code docker save} tar: every blob is verified,
	 * every layer unpacked; on any error nothing of this load remains
	 * (InvalidArgumentException naming the bad entry).
	 */
	List<Image> load(InputStream tar);

	/**
	 * Removes a reference, or the image with all its references when given an id. Blobs
	 * and snapshots no longer used by any image are freed.
	 */
	void delete(String referenceOrId);

}
