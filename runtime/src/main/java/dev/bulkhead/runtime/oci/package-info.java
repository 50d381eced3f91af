/**
 * OCI runtime bundles: the {@code config.json} model, its defaults and the composable
 * options that turn an image config, a request and a security profile into one.
 */
package dev.bulkhead.runtime.oci;
