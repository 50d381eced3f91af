/**
 * The embedded DNS server of user-defined networks: an RFC 1035 codec for the queries it
 * answers, one UDP and TCP listener per network on the network's gateway, the names of
 * the containers attached, and forwarding of every other name to the host's resolvers.
 */
package dev.bulkhead.runtime.networks.dns;
