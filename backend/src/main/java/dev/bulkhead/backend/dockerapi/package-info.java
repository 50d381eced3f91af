/**
 * The Docker-compatible API: a translation layer that lets the stock docker CLI and
 * Docker SDKs talk to Bulkhead over {@code <run-root>/docker.sock} and the HTTP port
 * ({@code /v1.NN/...}, {@code /_ping}). Every call goes through the same services, access
 * rules, quotas and policy admission as the native API.
 */
package dev.bulkhead.backend.dockerapi;
