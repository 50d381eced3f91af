/**
 * Pulling images from OCI distribution registries: reference parsing, the HTTP client
 * with its anonymous, basic and bearer-token authentication, and the pull that verifies
 * every blob into the content store before the image store registers the image.
 */
package dev.bulkhead.runtime.registry;
