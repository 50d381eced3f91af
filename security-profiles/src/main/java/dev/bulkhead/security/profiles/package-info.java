/**
 * Bulkhead's security profiles as data: the default seccomp profile, capability sets,
 * masked and read-only paths, and the loader that reads them.
 */
package dev.bulkhead.security.profiles;
