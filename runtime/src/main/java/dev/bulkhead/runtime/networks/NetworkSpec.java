package dev.bulkhead.runtime.networks;

/**
 * What a user asks for when creating a network; a null gateway is the subnet's first
 * address and a null MTU is 1500.
 */
public record NetworkSpec(String name, String subnet, String gateway, Integer mtu, boolean internal) {

}
