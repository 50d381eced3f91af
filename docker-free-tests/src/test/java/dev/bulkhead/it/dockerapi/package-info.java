/**
 * The Docker-compatible API driven by the stock docker CLI.
 */
package dev.bulkhead.it.dockerapi;
