/**
 * Container networks: bridge networks made with the CNI reference plugins, per-container
 * network namespaces, published ports and the host-port conflict check.
 */
package dev.bulkhead.runtime.networks;
