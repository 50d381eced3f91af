package dev.bulkhead.backend.teams;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import dev.bulkhead.backend.teams.AccessPolicy.Decision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.bulkhead.backend.teams.AccessPolicy.Decision.ALLOWED;
import static dev.bulkhead.backend.teams.AccessPolicy.Decision.FORBIDDEN;
import static dev.bulkhead.backend.teams.AccessPolicy.Decision.HIDDEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The access rules as a table: every verb against every kind of caller.
 */
class AccessPolicyTest {

	private static final long OWNING_TEAM = 1;

	private static final long OTHER_TEAM = 2;

	private static final Caller VIEWER = member(TeamRole.VIEWER);

	private static final Caller OPERATOR = member(TeamRole.OPERATOR);

	private static final Caller DEVELOPER = member(TeamRole.DEVELOPER);

	private static final Caller OTHER_TEAMS_DEVELOPER = new Caller("stranger", false,
			Map.of(OTHER_TEAM, TeamRole.DEVELOPER));

	private static final Caller OTHER_TEAMS_VIEWER = new Caller("onlooker", false, Map.of(OTHER_TEAM, TeamRole.VIEWER));

	private static final Caller NO_TEAM = new Caller("loner", false, Map.of());

	private static final Caller ADMIN = new Caller("admin", true, Map.of());

	static Stream<Arguments> containerVerbs() {
		// verb, viewer, operator, developer, developer elsewhere, admin
		return Stream.of(row("inspect", AccessPolicy::inspectContainer, ALLOWED, ALLOWED, ALLOWED, HIDDEN, ALLOWED),
				row("operate", AccessPolicy::operateContainer, FORBIDDEN, ALLOWED, ALLOWED, HIDDEN, ALLOWED),
				row("remove", AccessPolicy::removeContainer, FORBIDDEN, FORBIDDEN, ALLOWED, HIDDEN, ALLOWED),
				row("create", AccessPolicy::createContainer, FORBIDDEN, FORBIDDEN, ALLOWED, HIDDEN, ALLOWED),
				row("read volume", AccessPolicy::readVolume, ALLOWED, ALLOWED, ALLOWED, HIDDEN, ALLOWED),
				row("change volume", AccessPolicy::changeVolume, FORBIDDEN, FORBIDDEN, ALLOWED, HIDDEN, ALLOWED));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("containerVerbs")
	void containerVerbsFollowTheRoleInTheOwningTeamAndHideOtherTeams(String verb,
			BiFunction<Caller, Long, Decision> rule, Decision viewer, Decision operator, Decision developer,
			Decision otherTeam, Decision admin) {
		assertThat(rule.apply(VIEWER, OWNING_TEAM)).as("viewer").isEqualTo(viewer);
		assertThat(rule.apply(OPERATOR, OWNING_TEAM)).as("operator").isEqualTo(operator);
		assertThat(rule.apply(DEVELOPER, OWNING_TEAM)).as("developer").isEqualTo(developer);
		assertThat(rule.apply(OTHER_TEAMS_DEVELOPER, OWNING_TEAM)).as("developer of another team").isEqualTo(otherTeam);
		assertThat(rule.apply(NO_TEAM, OWNING_TEAM)).as("member of no team").isEqualTo(HIDDEN);
		assertThat(rule.apply(ADMIN, OWNING_TEAM)).as("admin").isEqualTo(admin);
	}

	static Stream<Arguments> imageCallers() {
		// caller, read, change
		return Stream.of(arguments("viewer", VIEWER, ALLOWED, FORBIDDEN),
				arguments("operator", OPERATOR, ALLOWED, FORBIDDEN),
				arguments("developer", DEVELOPER, ALLOWED, ALLOWED),
				arguments("developer of another team", OTHER_TEAMS_DEVELOPER, ALLOWED, ALLOWED),
				arguments("viewer of another team", OTHER_TEAMS_VIEWER, ALLOWED, FORBIDDEN),
				arguments("member of no team", NO_TEAM, ALLOWED, FORBIDDEN),
				arguments("admin", ADMIN, ALLOWED, ALLOWED));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("imageCallers")
	void imagesAreHostWideAndChangedOnlyByDevelopersOfSomeTeam(String who, Caller caller, Decision read,
			Decision change) {
		assertThat(AccessPolicy.readImages(caller)).isEqualTo(read);
		assertThat(AccessPolicy.changeImages(caller)).isEqualTo(change);
	}

	static Stream<Arguments> rules() {
		return containerVerbs().map((row) -> arguments(row.get()[0], row.get()[1]));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rules")
	void aRoleInAnotherTeamGrantsNothingOnThisTeamsContainers(String verb, BiFunction<Caller, Long, Decision> rule) {
		Caller mixed = new Caller("mixed", false, Map.of(OWNING_TEAM, TeamRole.VIEWER, OTHER_TEAM, TeamRole.DEVELOPER));
		assertThat(rule.apply(mixed, OWNING_TEAM)).isEqualTo(rule.apply(VIEWER, OWNING_TEAM));
	}

	private static Caller member(TeamRole role) {
		return new Caller(role.wireName(), false, Map.of(OWNING_TEAM, role));
	}

	private static Arguments row(String verb, BiFunction<Caller, Long, Decision> rule, Decision viewer,
			Decision operator, Decision developer, Decision otherTeam, Decision admin) {
		return arguments(verb, rule, viewer, operator, developer, otherTeam, admin);
	}

	@org.junit.jupiter.api.Test
	void aVolumeWithoutAnOwnerIsForAdministratorsOnly() {
		assertThat(AccessPolicy.readVolume(DEVELOPER, null)).isEqualTo(HIDDEN);
		assertThat(AccessPolicy.changeVolume(DEVELOPER, null)).isEqualTo(HIDDEN);
		assertThat(AccessPolicy.readVolume(ADMIN, null)).isEqualTo(ALLOWED);
		assertThat(AccessPolicy.changeVolume(ADMIN, null)).isEqualTo(ALLOWED);
	}

}
