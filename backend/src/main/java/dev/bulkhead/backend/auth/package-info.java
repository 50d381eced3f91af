/**
 * Who is calling: accounts, the first admin, API tokens, and the two security filter
 * chains (bearer tokens for the APIs, form login with a session for the dashboard).
 */
package dev.bulkhead.backend.auth;
