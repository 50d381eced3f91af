/**
 * Named and anonymous volumes: directories under {@code <data-root>/volumes/<name>/_data}
 * with a small JSON record each, their sizes, and the copy of an image's content into a
 * new volume.
 */
package dev.bulkhead.runtime.volumes;
