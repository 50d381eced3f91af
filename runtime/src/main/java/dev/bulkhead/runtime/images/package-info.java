/**
 * The image store: OCI and docker-archive loading, manifests and configs, and layer
 * unpacking into snapshots with whiteouts handled and path escapes refused.
 */
package dev.bulkhead.runtime.images;
