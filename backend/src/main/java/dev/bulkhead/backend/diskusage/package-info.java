/**
 * What the platform holds on disk ({@code GET /api/v1/system/df}, like {@code docker
 * system df}): images, containers' writable layers and volumes.
 */
package dev.bulkhead.backend.diskusage;
