/**
 * The networks feature: create, list, inspect and remove bridge networks through the
 * native API.
 */
package dev.bulkhead.backend.networks;
