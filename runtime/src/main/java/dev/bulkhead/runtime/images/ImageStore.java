package dev.bulkhead.runtime.images;

import java.io.InputStream;
import java.util.List;

import dev.bulkhead.runtime.content.Digest;

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
	 * Registers an image whose manifest, config and layers are already verified blobs in
	 * the content store (a pull puts them there): its layers are unpacked into snapshots
	 * exactly as a load does and {@code reference} is pointed at the manifest. On any
	 * error the snapshots it made and the blobs in {@code added} are removed and the
	 * index is unchanged.
	 * @param reference the familiar reference ({@code busybox:latest})
	 * @param manifest the digest of the image manifest (not of an index)
	 * @param added the blobs the caller put into the store for this image
	 */
	Image register(String reference, Digest manifest, List<Digest> added);

	/**
	 * Removes a reference, or the image with all its references when given an id. Blobs
	 * and snapshots no longer used by any image are freed.
	 */
	void delete(String referenceOrId);

}
