/**
 * The image store: OCI and docker-archive loading and saving, rootfs import, tags,
 * reference-counted removal and prune, disk use, and layer unpacking into snapshots with
 * whiteouts handled and path escapes refused.
 */
package dev.bulkhead.runtime.images;
