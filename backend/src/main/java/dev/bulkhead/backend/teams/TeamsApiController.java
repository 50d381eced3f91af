package dev.bulkhead.backend.teams;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.bulkhead.backend.teams.TeamAdministration.TeamView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/teams")
@Tag(name = "teams", description = "Teams and members' roles (changes by administrators only)")
class TeamsApiController {

	private final TeamAdministration teams;

	TeamsApiController(TeamAdministration teams) {
		this.teams = teams;
	}

	@GetMapping
	@Operation(summary = "Your teams (every team for an administrator), with members and roles")
	List<TeamView> list() {
		return this.teams.list();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a team (administrators only)")
	TeamView create(@RequestBody CreateTeam request) {
		return this.teams.create(request.name());
	}

	@PutMapping("/{team}/members/{username}")
	@Operation(summary = "Make a user a member with a role: viewer, operator or developer (administrators only)")
	TeamView putMember(@PathVariable String team, @PathVariable String username, @RequestBody MemberRole request) {
		return this.teams.putMember(team, username, request.role());
	}

	@DeleteMapping("/{team}/members/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Remove a member from a team (administrators only)")
	void removeMember(@PathVariable String team, @PathVariable String username) {
		this.teams.removeMember(team, username);
	}

	@GetMapping("/{team}")
	@Operation(summary = "One of your teams (any team for an administrator) with members, quota and use")
	TeamView get(@PathVariable String team) {
		return this.teams.get(team);
	}

	@PutMapping("/{team}/quota")
	@Operation(summary = "Set a team's quota (administrators only)",
			description = "{containers, memoryBytes, cpus, volumeBytes}; a value left out means no limit. "
					+ "Containers without a CPU or memory limit count as the server's defaults. The volume quota "
					+ "is counted against the sizes of the team's volumes.")
	TeamView putQuota(@PathVariable String team, @RequestBody TeamQuota request) {
		return this.teams.putQuota(team, request);
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record CreateTeam(String name) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record MemberRole(String role) {

	}

}
