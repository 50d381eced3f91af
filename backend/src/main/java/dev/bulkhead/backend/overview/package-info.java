/**
 * The dashboard's overview page: the host's CPU, memory and data-root disk, the caller's
 * containers by state, alerts (OOM kills, failed starts, unhealthy containers, restart
 * loops), each team's quota use and recent audit events about what the caller can see.
 */
package dev.bulkhead.backend.overview;
