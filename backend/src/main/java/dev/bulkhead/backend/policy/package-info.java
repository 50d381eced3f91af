/**
 * Policy admission: exceptions to the default level granted by admins (stored, listed,
 * revoked, audited), and the admission of every create request against its level and the
 * exceptions that apply to it.
 */
package dev.bulkhead.backend.policy;
