/**
 * Secrets at rest: the key file the server keeps beside its data and the authenticated
 * encryption of the values (registry passwords and tokens) written under it.
 */
package dev.bulkhead.runtime.secrets;
