package dev.bulkhead.runtime.oci;

/**
 * One composable change to a runtime spec under construction (containerd's SpecOpts). A
 * container's {@code config.json} is the defaults plus a list of these, applied in order.
 */
@FunctionalInterface
public interface SpecOpt {

	void apply(SpecBuilder spec);

}
