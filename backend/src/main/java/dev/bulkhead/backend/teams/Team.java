package dev.bulkhead.backend.teams;

/**
 * A team: the owner of containers, and the unit roles are granted in.
 *
 * @param id the database id
 * @param name unique, used in requests ({@code "team": "payments"})
 */
public record Team(long id, String name) {

}
