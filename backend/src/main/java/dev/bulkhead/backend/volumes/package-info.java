/**
 * The volumes feature: named volumes owned by teams, through the native API and the
 * dashboard, with their sizes and the containers that use them.
 */
package dev.bulkhead.backend.volumes;
