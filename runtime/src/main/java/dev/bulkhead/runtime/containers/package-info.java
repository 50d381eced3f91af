/**
 * The container lifecycle: create, start, stop, kill, wait, logs and remove, with state
 * kept in crash-safe files and rebuilt from them and from the OCI runtime at start.
 */
package dev.bulkhead.runtime.containers;
