package dev.bulkhead.backend.teams;

/**
 * One team's quota beside what it uses now, for the overview.
 *
 * @param team the team's name
 * @param quota its limits ({@code null} values: unlimited)
 * @param usage what it uses of them now
 */
public record TeamQuotaUse(String team, TeamQuota quota, TeamUsage usage) {
}
