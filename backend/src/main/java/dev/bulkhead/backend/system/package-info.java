/**
 * The server's own configuration ({@code bulkhead.*} properties, the data root on disk)
 * and what it reports about the host it runs on.
 */
package dev.bulkhead.backend.system;
