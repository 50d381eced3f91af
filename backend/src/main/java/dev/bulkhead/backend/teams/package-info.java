/**
 * Tenancy: teams, each member's role in a team, which team owns which container, and the
 * one access policy every entry point goes through (another team's containers do not
 * exist for you).
 */
package dev.bulkhead.backend.teams;
