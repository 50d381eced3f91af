package dev.bulkhead.runtime.images;

/** The media types the image store reads and writes. */
public final class MediaTypes {

	public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

	public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

	public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

	public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";

	public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

	public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

	public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

	public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

	public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";

	public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

	/** Annotation holding an image's reference in an OCI layout's index.json. */
	public static final String REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";

	/** Annotation containerd and docker use for the full image name in an OCI layout. */
	public static final String CONTAINERD_IMAGE_NAME_ANNOTATION = "io.containerd.image.name";

	private MediaTypes() {
	}

	public static boolean isIndex(String mediaType) {
		return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
	}

	public static boolean isManifest(String mediaType) {
		return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
	}

}
