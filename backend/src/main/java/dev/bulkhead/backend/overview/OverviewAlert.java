package dev.bulkhead.backend.overview;

/** A problem worth a look on the overview, linking to its container. */
public record OverviewAlert(String containerId, String containerName, String text) {
}
