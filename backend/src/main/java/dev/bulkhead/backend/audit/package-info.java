/**
 * The audit trail: who did what to which target, when, from where and with what outcome.
 * Requests are recorded by one filter and sign-ins by security event listeners, so
 * controllers never record anything themselves; the trail is append-only.
 */
package dev.bulkhead.backend.audit;
