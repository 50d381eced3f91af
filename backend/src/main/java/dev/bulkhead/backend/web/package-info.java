/**
 * What every feature's web layer shares: the one mapping of errors to problem details
 * (JSON for API clients, an HTML fragment for htmx, the error page for browsers) and the
 * rules that tell API requests from dashboard requests.
 */
package dev.bulkhead.backend.web;
