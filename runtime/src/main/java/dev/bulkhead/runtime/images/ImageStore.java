package dev.bulkhead.runtime.images;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

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
	 * and snapshots no longer used by any image are freed. Refused (ConflictException)
	 * when a container's root filesystem is built on what would go.
	 */
	void delete(String referenceOrId);

	/**
	 * Inspects an image: its layers with their compressed and unpacked sizes and its
	 * repository digests.
	 */
	ImageDetail inspect(String referenceOrId);

	/**
	 * Points {@code target} ({@code name[:tag]}) at the image; an image that loses its
	 * last name to this stays as an untagged image. InvalidArgumentException for a
	 * malformed target.
	 */
	Image tag(String referenceOrId, String target);

	/**
	 * As {@link #delete}, reporting what went. An image is in use when its id is in
	 * {@code inUse} (the images containers were created from; images sharing all their
	 * layers cannot be told apart by the snapshots alone) or a snapshot is built on a
	 * layer that would go. Removing an image in use is refused (ConflictException) unless
	 * forced; with {@code force} it loses its names but stays, untagged, until its
	 * containers are gone.
	 */
	ImageRemoval remove(String referenceOrId, boolean force, Set<Digest> inUse);

	/**
	 * Removes the untagged images not in use, or with {@code all} every image not in use
	 * ({@code inUse}: the ids of the images containers were created from), and frees what
	 * no remaining image uses.
	 */
	ImageRemoval prune(boolean all, Set<Digest> inUse);

	/**
	 * The disk use of every image, shared and unique, and what a prune would free given
	 * the images in use.
	 */
	ImageDiskUsage diskUsage(Set<Digest> inUse);

	/**
	 * Writes the image as a tar in the given format to {@code out} (which stays open).
	 */
	void save(String referenceOrId, ArchiveFormat format, OutputStream out);

	/**
	 * Makes a one-layer image from a root filesystem tar (optionally gzip-compressed), as
	 * {@code docker import} does. On any error nothing of it remains.
	 */
	Image importRootfs(InputStream tar, ImportOptions options);

}
