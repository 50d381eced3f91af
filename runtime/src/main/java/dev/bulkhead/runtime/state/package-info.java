/**
 * Crash-safe state files under the data root, from which the server rebuilds its view at
 * start.
 */
package dev.bulkhead.runtime.state;
