/**
 * The runtime's events to the people allowed to see them: the journal and its wiring, the
 * team-scoped {@code GET /api/v1/events} (JSON or a live stream), and the Events tab of a
 * container's page.
 */
package dev.bulkhead.backend.events;
