/**
 * Domain errors shared by the runtime and the server: one sealed hierarchy, mapped to
 * HTTP once by the web layer.
 */
package dev.bulkhead.runtime.errors;
