package dev.bulkhead.backend.teams;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The expectations of {@link AccessMatrixTest}: who calls, what each endpoint and
 * dashboard route needs, what each caller should get, and the concrete paths and bodies
 * the calls are made with.
 */
final class AccessRules {

	static final String USER_PASSWORD = "a long enough passphrase";

	/** A network of team alpha; the test writes its record. */
	static final String TEAM_NETWORK = "alpha-net";

	static final String CONTAINER_ID = "c0ffee".repeat(10) + "c0ff";

	private static final AtomicInteger unique = new AtomicInteger();

	private AccessRules() {
	}

	/** The phrases of access refusals that answer 404 (see TeamAccess). */
	static final List<String> HIDDEN_PHRASES = List.of("among the containers you can see", "among your teams",
			"among the volumes you can see", "among the networks you can see");

	enum Role {

		NOBODY, EXPIRED_TOKEN, READ_ONLY_TOKEN, VIEWER, OPERATOR, DEVELOPER, OTHER_TEAM, ADMIN

	}

	/** What an endpoint needs. */
	enum Rule {

		/** Anyone signed in. */
		SIGNED_IN,
		/** Administrators only. */
		ADMIN,
		/** Viewer of the owning team. */
		CONTAINER_INSPECT,
		/** Operator of the owning team. */
		CONTAINER_OPERATE,
		/** Developer of the owning team. */
		CONTAINER_DEVELOP,
		/** Developer in any team. */
		IMAGE_CHANGE,
		/** Member of the team (any role). */
		TEAM_READ

	}

	/** The expected rule of every native endpoint; an endpoint missing here fails. */
	static final Map<String, Rule> RULES = Map.ofEntries(Map.entry("GET /api/v1/containers", Rule.SIGNED_IN),
			Map.entry("POST /api/v1/containers", Rule.CONTAINER_DEVELOP),
			Map.entry("GET /api/v1/containers/{id}", Rule.CONTAINER_INSPECT),
			Map.entry("DELETE /api/v1/containers/{id}", Rule.CONTAINER_DEVELOP),
			Map.entry("POST /api/v1/containers/{id}/start", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/stop", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/kill", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/pause", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/unpause", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/exec", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/wait", Rule.CONTAINER_OPERATE),
			Map.entry("GET /api/v1/containers/{id}/logs", Rule.CONTAINER_INSPECT),
			Map.entry("GET /api/v1/containers/{id}/stats", Rule.CONTAINER_INSPECT),
			Map.entry("GET /api/v1/containers/{id}/events", Rule.CONTAINER_INSPECT),
			Map.entry("GET /api/v1/events", Rule.SIGNED_IN),
			Map.entry("GET /api/v1/containers/{id}/top", Rule.CONTAINER_INSPECT),
			Map.entry("GET /api/v1/containers/{id}/spec", Rule.CONTAINER_INSPECT),
			Map.entry("GET /api/v1/images", Rule.SIGNED_IN), Map.entry("POST /api/v1/images/load", Rule.IMAGE_CHANGE),
			Map.entry("POST /api/v1/images/pull", Rule.IMAGE_CHANGE), Map.entry("GET /api/v1/networks", Rule.SIGNED_IN),
			Map.entry("POST /api/v1/networks", Rule.CONTAINER_DEVELOP),
			Map.entry("GET /api/v1/networks/{name}", Rule.CONTAINER_INSPECT),
			Map.entry("DELETE /api/v1/networks/{name}", Rule.CONTAINER_DEVELOP),
			Map.entry("POST /api/v1/networks/{name}/connect", Rule.CONTAINER_DEVELOP),
			Map.entry("POST /api/v1/networks/{name}/disconnect", Rule.CONTAINER_DEVELOP),
			Map.entry("GET /api/v1/images/{*reference}", Rule.SIGNED_IN),
			Map.entry("DELETE /api/v1/images/{*reference}", Rule.IMAGE_CHANGE),
			Map.entry("GET /api/v1/images/pulls", Rule.IMAGE_CHANGE),
			Map.entry("DELETE /api/v1/images/pulls/{id}", Rule.IMAGE_CHANGE),
			Map.entry("POST /api/v1/tokens", Rule.SIGNED_IN), Map.entry("GET /api/v1/tokens", Rule.SIGNED_IN),
			Map.entry("DELETE /api/v1/tokens/{id}", Rule.SIGNED_IN),
			Map.entry("GET /api/v1/system/info", Rule.SIGNED_IN), Map.entry("GET /api/v1/users", Rule.ADMIN),
			Map.entry("GET /api/v1/users/me", Rule.SIGNED_IN), Map.entry("POST /api/v1/users", Rule.ADMIN),
			Map.entry("POST /api/v1/users/{id}/disable", Rule.ADMIN),
			Map.entry("POST /api/v1/users/{id}/enable", Rule.ADMIN),
			Map.entry("POST /api/v1/users/{id}/unlock", Rule.ADMIN),
			Map.entry("POST /api/v1/users/{id}/password", Rule.ADMIN),
			Map.entry("DELETE /api/v1/users/{id}", Rule.ADMIN), Map.entry("GET /api/v1/teams", Rule.SIGNED_IN),
			Map.entry("POST /api/v1/teams", Rule.ADMIN), Map.entry("GET /api/v1/teams/{team}", Rule.TEAM_READ),
			Map.entry("PUT /api/v1/teams/{team}/members/{username}", Rule.ADMIN),
			Map.entry("DELETE /api/v1/teams/{team}/members/{username}", Rule.ADMIN),
			Map.entry("PUT /api/v1/teams/{team}/quota", Rule.ADMIN), Map.entry("GET /api/v1/audit", Rule.ADMIN),
			Map.entry("GET /api/v1/audit/export", Rule.ADMIN),
			Map.entry("POST /api/v1/containers/{id}/restart", Rule.CONTAINER_OPERATE),
			Map.entry("POST /api/v1/containers/{id}/rename", Rule.CONTAINER_DEVELOP),
			Map.entry("GET /api/v1/registries/logins", Rule.ADMIN),
			Map.entry("PUT /api/v1/registries/{registry}/login", Rule.ADMIN),
			Map.entry("DELETE /api/v1/registries/{registry}/login", Rule.ADMIN),
			Map.entry("POST /api/v1/images/{name}/push", Rule.IMAGE_CHANGE),
			Map.entry("POST /api/v1/images/{repository}/{name}/push", Rule.IMAGE_CHANGE),
			Map.entry("POST /api/v1/images/{registry}/{repository}/{name}/push", Rule.IMAGE_CHANGE),
			Map.entry("POST /api/v1/images/{registry}/{namespace}/{repository}/{name}/push", Rule.IMAGE_CHANGE),
			Map.entry("POST /api/v1/images/{*reference}", Rule.IMAGE_CHANGE),
			Map.entry("POST /api/v1/images/prune", Rule.IMAGE_CHANGE),
			Map.entry("POST /api/v1/images/import", Rule.IMAGE_CHANGE),
			Map.entry("GET /api/v1/system/df", Rule.SIGNED_IN), Map.entry("GET /api/v1/volumes", Rule.SIGNED_IN),
			Map.entry("POST /api/v1/volumes", Rule.CONTAINER_DEVELOP),
			Map.entry("GET /api/v1/volumes/{name}", Rule.CONTAINER_INSPECT),
			Map.entry("DELETE /api/v1/volumes/{name}", Rule.CONTAINER_DEVELOP),
			Map.entry("POST /api/v1/volumes/prune", Rule.IMAGE_CHANGE),
			Map.entry("POST /api/v1/policy/evaluate", Rule.CONTAINER_DEVELOP),
			Map.entry("GET /api/v1/policy/exceptions", Rule.SIGNED_IN),
			Map.entry("POST /api/v1/policy/exceptions", Rule.ADMIN),
			Map.entry("DELETE /api/v1/policy/exceptions/{id}", Rule.ADMIN));

	/**
	 * The expected rule of every dashboard route that changes something, and of the
	 * administration pages; a route missing here fails. Dashboard routes are called with
	 * a session (signed in as the role's user, with the CSRF token, as htmx sends them);
	 * a bearer token, valid or not, does not sign anyone in to the dashboard.
	 */
	static final Map<String, Rule> PAGE_RULES = Map.ofEntries(Map.entry("POST /containers", Rule.CONTAINER_DEVELOP),
			Map.entry("POST /containers/{id}/start", Rule.CONTAINER_OPERATE),
			Map.entry("POST /containers/{id}/stop", Rule.CONTAINER_OPERATE),
			Map.entry("POST /containers/{id}/remove", Rule.CONTAINER_DEVELOP),
			Map.entry("POST /images/load", Rule.IMAGE_CHANGE), Map.entry("POST /images/pull", Rule.IMAGE_CHANGE),
			Map.entry("POST /images/remove", Rule.IMAGE_CHANGE), Map.entry("GET /admin/users", Rule.ADMIN),
			Map.entry("POST /admin/users", Rule.ADMIN), Map.entry("POST /admin/users/{id}/disable", Rule.ADMIN),
			Map.entry("POST /admin/users/{id}/enable", Rule.ADMIN),
			Map.entry("POST /admin/users/{id}/unlock", Rule.ADMIN),
			Map.entry("POST /admin/users/{id}/password", Rule.ADMIN),
			Map.entry("POST /admin/users/{id}/delete", Rule.ADMIN), Map.entry("GET /admin/audit", Rule.ADMIN),
			Map.entry("POST /tokens", Rule.SIGNED_IN), Map.entry("POST /tokens/{id}/revoke", Rule.SIGNED_IN),
			Map.entry("POST /teams", Rule.ADMIN), Map.entry("POST /teams/{team}/members", Rule.ADMIN),
			Map.entry("POST /teams/{team}/members/{username}/remove", Rule.ADMIN),
			Map.entry("POST /teams/{team}/quota", Rule.ADMIN), Map.entry("POST /containers/verdict", Rule.SIGNED_IN),
			Map.entry("POST /containers/{id}/restart", Rule.CONTAINER_OPERATE),
			Map.entry("POST /containers/{id}/rename", Rule.CONTAINER_DEVELOP),
			Map.entry("POST /images/import", Rule.IMAGE_CHANGE), Map.entry("POST /images/prune", Rule.IMAGE_CHANGE),
			Map.entry("POST /images/tag", Rule.IMAGE_CHANGE), Map.entry("POST /volumes", Rule.CONTAINER_DEVELOP),
			Map.entry("POST /volumes/prune", Rule.IMAGE_CHANGE),
			Map.entry("POST /volumes/{name}/remove", Rule.CONTAINER_DEVELOP),
			// Each selected container is checked on its own; what the caller may not
			// touch
			// comes back as a failure in the answer.
			Map.entry("POST /containers/bulk", Rule.SIGNED_IN), Map.entry("POST /networks", Rule.CONTAINER_DEVELOP),
			Map.entry("POST /networks/{name}/remove", Rule.CONTAINER_DEVELOP),
			Map.entry("GET /admin/exceptions", Rule.ADMIN), Map.entry("POST /admin/exceptions", Rule.ADMIN),
			Map.entry("POST /admin/exceptions/{id}/revoke", Rule.ADMIN),
			Map.entry("POST /images/push", Rule.IMAGE_CHANGE), Map.entry("GET /admin/registries", Rule.ADMIN),
			Map.entry("POST /admin/registries", Rule.ADMIN), Map.entry("POST /admin/registries/test", Rule.ADMIN),
			Map.entry("POST /admin/registries/{registry}/delete", Rule.ADMIN));

	/**
	 * The expected rule of every Docker API endpoint, the version prefix written as
	 * {@code /v1.45}. Docker's creates name no team: they make the resource in the
	 * caller's only team, so they need a developer of any team (as image changes do).
	 */
	static final Map<String, Rule> DOCKER_RULES = Map.ofEntries(Map.entry("GET /_ping", Rule.SIGNED_IN),
			Map.entry("HEAD /_ping", Rule.SIGNED_IN), Map.entry("GET /v1.45/_ping", Rule.SIGNED_IN),
			Map.entry("HEAD /v1.45/_ping", Rule.SIGNED_IN), Map.entry("GET /v1.45/version", Rule.SIGNED_IN),
			Map.entry("GET /v1.45/info", Rule.SIGNED_IN), Map.entry("GET /v1.45/containers/json", Rule.SIGNED_IN),
			Map.entry("POST /v1.45/containers/create", Rule.IMAGE_CHANGE),
			Map.entry("GET /v1.45/containers/{id}/json", Rule.CONTAINER_INSPECT),
			Map.entry("GET /v1.45/containers/{id}/logs", Rule.CONTAINER_INSPECT),
			Map.entry("GET /v1.45/containers/{id}/stats", Rule.CONTAINER_INSPECT),
			Map.entry("GET /v1.45/containers/{id}/top", Rule.CONTAINER_INSPECT),
			Map.entry("POST /v1.45/containers/{id}/start", Rule.CONTAINER_OPERATE),
			Map.entry("POST /v1.45/containers/{id}/stop", Rule.CONTAINER_OPERATE),
			Map.entry("POST /v1.45/containers/{id}/restart", Rule.CONTAINER_OPERATE),
			Map.entry("POST /v1.45/containers/{id}/kill", Rule.CONTAINER_OPERATE),
			Map.entry("POST /v1.45/containers/{id}/pause", Rule.CONTAINER_OPERATE),
			Map.entry("POST /v1.45/containers/{id}/unpause", Rule.CONTAINER_OPERATE),
			Map.entry("POST /v1.45/containers/{id}/wait", Rule.CONTAINER_OPERATE),
			Map.entry("POST /v1.45/containers/{id}/rename", Rule.CONTAINER_DEVELOP),
			Map.entry("DELETE /v1.45/containers/{id}", Rule.CONTAINER_DEVELOP),
			// refused with a 409 that says what to use instead, to whoever may see it
			Map.entry("POST /v1.45/containers/{id}/attach", Rule.CONTAINER_INSPECT),
			Map.entry("POST /v1.45/containers/{id}/attach/ws", Rule.CONTAINER_INSPECT),
			Map.entry("POST /v1.45/containers/{id}/exec", Rule.CONTAINER_OPERATE),
			// exec instances are the creating user's: an unknown one is a plain 404 to
			// all
			Map.entry("POST /v1.45/exec/{execId}/start", Rule.SIGNED_IN),
			Map.entry("GET /v1.45/exec/{execId}/json", Rule.SIGNED_IN),
			Map.entry("POST /v1.45/containers/{id}/resize", Rule.CONTAINER_INSPECT),
			Map.entry("GET /v1.45/images/json", Rule.SIGNED_IN), Map.entry("GET /v1.45/images/{*rest}", Rule.SIGNED_IN),
			Map.entry("POST /v1.45/images/create", Rule.IMAGE_CHANGE),
			Map.entry("POST /v1.45/images/load", Rule.IMAGE_CHANGE),
			Map.entry("POST /v1.45/images/{*rest}", Rule.IMAGE_CHANGE),
			Map.entry("DELETE /v1.45/images/{*rest}", Rule.IMAGE_CHANGE),
			Map.entry("GET /v1.45/networks", Rule.SIGNED_IN),
			Map.entry("GET /v1.45/networks/{name}", Rule.CONTAINER_INSPECT),
			Map.entry("POST /v1.45/networks/create", Rule.IMAGE_CHANGE),
			Map.entry("DELETE /v1.45/networks/{name}", Rule.CONTAINER_DEVELOP),
			Map.entry("GET /v1.45/volumes", Rule.SIGNED_IN),
			Map.entry("GET /v1.45/volumes/{name}", Rule.CONTAINER_INSPECT),
			Map.entry("POST /v1.45/volumes/create", Rule.IMAGE_CHANGE),
			Map.entry("DELETE /v1.45/volumes/{name}", Rule.CONTAINER_DEVELOP));

	/** Bodies and query parameters that keep an allowed Docker call harmless. */
	static String dockerBodyFor(String endpoint) {
		int n = unique.incrementAndGet();
		return switch (endpoint) {
			case "POST /v1.45/containers/create" -> "{\"Image\":\"no-such-image:1\"}";
			case "POST /v1.45/networks/create" ->
				"{\"Name\":\"docker-made-" + n + "\",\"IPAM\":{\"Config\":[{\"Subnet\":\"not-a-subnet\"}]}}";
			case "POST /v1.45/volumes/create" -> "{\"Name\":\"docker-made-" + n + "\"}";
			case "POST /v1.45/containers/{id}/exec" -> "{\"Cmd\":[\"true\"]}";
			default -> null;
		};
	}

	static Expected expected(String endpoint, Rule rule, Role role) {
		boolean read = endpoint.startsWith("GET ") || endpoint.startsWith("HEAD ");
		return switch (role) {
			case NOBODY, EXPIRED_TOKEN -> Expected.UNAUTHENTICATED;
			case READ_ONLY_TOKEN -> read ? expected(endpoint, rule, Role.ADMIN) : Expected.FORBIDDEN;
			case ADMIN -> Expected.ALLOWED;
			case VIEWER, OPERATOR, DEVELOPER, OTHER_TEAM -> switch (rule) {
				case SIGNED_IN -> Expected.ALLOWED;
				case ADMIN -> Expected.FORBIDDEN;
				case IMAGE_CHANGE ->
					(role == Role.DEVELOPER || role == Role.OTHER_TEAM) ? Expected.ALLOWED : Expected.FORBIDDEN;
				case CONTAINER_INSPECT, TEAM_READ -> (role == Role.OTHER_TEAM) ? Expected.HIDDEN : Expected.ALLOWED;
				case CONTAINER_OPERATE -> (role == Role.OTHER_TEAM) ? Expected.HIDDEN
						: (role == Role.VIEWER) ? Expected.FORBIDDEN : Expected.ALLOWED;
				case CONTAINER_DEVELOP -> (role == Role.OTHER_TEAM) ? Expected.HIDDEN
						: (role == Role.DEVELOPER) ? Expected.ALLOWED : Expected.FORBIDDEN;
			};
		};
	}

	static String concrete(String pattern) {
		String path = pattern;
		if (path.startsWith("/api/v1/containers/") || path.startsWith("/containers/")) {
			path = path.replace("{id}", CONTAINER_ID);
		}
		return path.replace("{id}", "999999")
			.replace("{*reference}", "no-such-image:1")
			.replace("{name}", TEAM_NETWORK)
			.replace("{registry}", "127.0.0.1:1")
			.replace("{namespace}", "no-such-namespace")
			.replace("{repository}", "no-such-repository")
			.replace("{team}", "alpha")
			.replace("{username}", "bystander");
	}

	static String bodyFor(String endpoint) {
		int n = unique.incrementAndGet();
		return switch (endpoint) {
			case "POST /api/v1/containers" -> "{\"image\":\"no-such-image:1\",\"team\":\"alpha\"}";
			// No command: an allowed caller gets a 400 before anything runs.
			case "POST /api/v1/containers/{id}/exec" -> "{\"command\":[]}";
			// A malformed reference: an allowed caller gets a 400 without any network
			// traffic.
			case "POST /api/v1/images/pull" -> "{\"reference\":\"Not A Reference\"}";
			// An invalid subnet: an allowed caller gets a 400 and nothing is made on the
			// host.
			case "POST /api/v1/networks" ->
				"{\"name\":\"made-" + n + "\",\"subnet\":\"not-a-subnet\",\"team\":\"alpha\"}";
			// The team's container, resolved (and refused) before the network is looked
			// at.
			case "POST /api/v1/networks/{name}/connect", "POST /api/v1/networks/{name}/disconnect" ->
				"{\"container\":\"" + CONTAINER_ID + "\"}";
			case "POST /api/v1/users" -> "{\"username\":\"made-" + n + "\",\"password\":\"" + USER_PASSWORD + "\"}";
			case "POST /api/v1/teams" -> "{\"name\":\"made-" + n + "\"}";
			case "POST /api/v1/users/{id}/password" -> "{\"password\":\"" + USER_PASSWORD + "\"}";
			case "PUT /api/v1/teams/{team}/members/{username}" -> "{\"role\":\"viewer\"}";
			case "PUT /api/v1/teams/{team}/quota" -> "{\"containers\":1000}";
			case "POST /api/v1/tokens" -> "{\"name\":\"matrix-" + n + "\"}";
			// An unknown local image: an allowed caller gets a 404 without any network
			// traffic.
			case "POST /api/v1/images/{name}/push", "POST /api/v1/images/{repository}/{name}/push",
					"POST /api/v1/images/{registry}/{repository}/{name}/push",
					"POST /api/v1/images/{registry}/{namespace}/{repository}/{name}/push" ->
				"{\"target\":\"127.0.0.1:1/nowhere:1\"}";
			case "POST /api/v1/images/{*reference}" -> "{\"target\":\"tagged:" + n + "\"}";
			case "POST /api/v1/volumes" -> "{\"name\":\"made-" + n + "\",\"team\":\"alpha\"}";
			case "PUT /api/v1/registries/{registry}/login" -> "{\"username\":\"robot\",\"password\":\"pw-" + n + "\"}";
			case "POST /api/v1/policy/evaluate" -> "{\"image\":\"no-such-image:1\",\"team\":\"alpha\"}";
			case "POST /api/v1/policy/exceptions" -> "{\"relaxation\":\"cap-add:SYS_PTRACE\",\"team\":\"alpha\","
					+ "\"reason\":\"matrix " + n + "\",\"expiresInSeconds\":60}";
			default -> null;
		};
	}

	static Map<String, String> formFor(String route) {
		int n = unique.incrementAndGet();
		return switch (route) {
			case "POST /containers" -> Map.of("image", "no-such-image:1", "team", "alpha");
			case "POST /images/pull" -> Map.of("reference", "Not A Reference");
			case "POST /images/remove" -> Map.of("reference", "no-such-image:1");
			case "POST /admin/users" -> Map.of("username", "page-made-" + n, "password", USER_PASSWORD);
			case "POST /admin/users/{id}/password" -> Map.of("password", USER_PASSWORD);
			case "POST /tokens" -> Map.of("name", "page-" + n);
			case "POST /teams" -> Map.of("name", "page-made-" + n);
			case "POST /teams/{team}/members" -> Map.of("username", "bystander", "role", "viewer");
			case "POST /teams/{team}/quota" -> Map.of("containers", "1000");
			// The live policy verdict answers every signed-in user; who may create is
			// part
			// of the verdict.
			case "POST /containers/verdict" -> Map.of("image", "no-such-image:1", "team", "alpha");
			case "POST /containers/{id}/rename" -> Map.of("name", "page-renamed-" + n);
			case "POST /containers/bulk" -> Map.of("action", "stop", "ids", CONTAINER_ID);
			// An invalid subnet: an allowed caller gets a 400 and nothing is made.
			case "POST /networks" -> Map.of("name", "page-net-" + n, "subnet", "not-a-subnet", "team", "alpha");
			case "POST /images/tag" -> Map.of("reference", "no-such-image:1", "target", "page-tag:" + n);
			case "POST /volumes" -> Map.of("name", "page-volume-" + n, "team", "alpha");
			// An unknown local image: an allowed caller gets a 404 before any network
			// traffic.
			case "POST /images/push" -> Map.of("reference", "no-such-image:1", "target", "127.0.0.1:1/nowhere:1");
			// Stored without the test, so no network traffic.
			case "POST /admin/registries" ->
				Map.of("registry", "127.0.0.1:1", "username", "robot", "password", "page-pw-" + n);
			// Not a registry host: an allowed caller gets a 400 without any network
			// traffic.
			case "POST /admin/registries/test" ->
				Map.of("registry", "not a host", "username", "robot", "password", "page-pw-" + n);
			case "POST /admin/exceptions" -> Map.of("relaxation", "cap-add:SYS_PTRACE", "team", "alpha", "reason",
					"page matrix " + n, "expiresInDays", "1");
			default -> Map.of();
		};
	}

	/** The class of answer a role should get. */
	enum Expected {

		UNAUTHENTICATED, FORBIDDEN, HIDDEN, ALLOWED;

		boolean matches(MockHttpServletResponse response) throws Exception {
			int status = response.getStatus();
			String body = response.getContentAsString();
			boolean hiddenByAccess = status == 404 && HIDDEN_PHRASES.stream().anyMatch(body::contains);
			return switch (this) {
				case UNAUTHENTICATED -> status == 401;
				case FORBIDDEN -> status == 403;
				case HIDDEN -> hiddenByAccess;
				case ALLOWED -> status != 401 && status != 403 && !hiddenByAccess && status < 500;
			};
		}

	}

}
