/**
 * Overlayfs snapshots under {@code <data-root>/snapshots}: image layers as lower
 * directories, one writable upper directory per container, and the code that mounts them.
 */
package dev.bulkhead.runtime.snapshots;
