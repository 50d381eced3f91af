/**
 * Wires the Spring-free runtime module (images, snapshots, runc and conmon) into the
 * server.
 */
package dev.bulkhead.backend.runtime;
