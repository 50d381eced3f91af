package dev.bulkhead.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.bulkhead.runtime.errors.BulkheadException;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.errors.UnavailableException;

/**
 * The transport under {@link RegistryClient}: it sends one request to a registry and
 * answers a {@code 401} once, with HTTP Basic or with a bearer token fetched from the
 * realm the challenge names (with the configured login, if any), cached per host and
 * scope. GETs follow redirects here, dropping the authorization when the host changes.
 * Logins are only ever put into headers, never into messages.
 */
final class RegistryHttp {

	private static final int MAX_REDIRECTS = 5;

	private static final int MAX_TOKEN_BYTES = 4 << 20;

	private final HttpClient http;

	private final ObjectMapper mapper;

	private final RegistryCredentials credentials;

	private final Set<String> insecureHosts;

	private final Map<String, String> authorizations = new ConcurrentHashMap<>();

	RegistryHttp(HttpClient http, ObjectMapper mapper, RegistryCredentials credentials, Set<String> insecureHosts) {
		this.http = http;
		this.mapper = mapper;
		this.credentials = credentials;
		this.insecureHosts = Set.copyOf(insecureHosts);
	}

	/** Drops every cached authorization, e.g. after a login changed. */
	void forgetAuthorizations() {
		this.authorizations.clear();
	}

	/** The URI of {@code path} (which may carry a query) on the image's registry. */
	URI uri(ImageReference image, String path) {
		String scheme = this.insecureHosts.contains(image.registry()) ? "http" : "https";
		return URI.create(scheme + "://" + image.apiHost() + path);
	}

	/**
	 * Sends a request built by {@code request} (called again for the retry after a
	 * challenge) and returns whatever the registry answered other than a second
	 * {@code 401}; the caller checks the status.
	 * @param scope the token scope this request needs, e.g.
	 * {@code repository:team/app:pull,push}
	 */
	HttpResponse<InputStream> send(ImageReference image, String scope, Function<URI, HttpRequest.Builder> request,
			URI uri) {
		String cacheKey = image.apiHost() + " " + scope;
		HttpResponse<InputStream> response = exchange(request, uri, this.authorizations.get(cacheKey), image);
		if (response.statusCode() == 401) {
			discard(response);
			String authorization = authorize(image, response, scope);
			this.authorizations.put(cacheKey, authorization);
			response = exchange(request, uri, authorization, image);
			if (response.statusCode() == 401) {
				discard(response);
				throw new ForbiddenException("the registry " + image.registry() + " refused the credentials for "
						+ image.repository() + "; check the login configured for " + image.registry());
			}
		}
		return response;
	}

	/**
	 * Performs a registry's login handshake as {@code docker login} does:
	 * {@code GET /v2/}, and on a {@code 401} the challenge is answered with this client's
	 * credentials (HTTP Basic, or a token without scope from the realm), then
	 * {@code /v2/} is asked again.
	 * @return whether the registry accepted, in words
	 */
	RegistryClient.LoginCheck checkLogin(String registry) {
		ImageReference root = new ImageReference(registry, "", null, null, registry);
		URI uri = uri(root, "/v2/");
		Function<URI, HttpRequest.Builder> ping = (
				u) -> HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(30)).GET();
		HttpResponse<InputStream> first = exchange(ping, uri, null, root);
		if (first.statusCode() == 200) {
			discard(first);
			// Docker reports this as a successful login too; the login is only sent when
			// the
			// registry asks for one.
			return new RegistryClient.LoginCheck(true, "the registry " + registry
					+ " answered without asking for a login; the login is sent whenever it asks for one");
		}
		if (first.statusCode() != 401) {
			throw notARegistry(registry, first);
		}
		discard(first);
		String header = first.headers().firstValue("WWW-Authenticate").orElse("");
		AuthChallenge challenge = AuthChallenge.parse(header);
		String authorization;
		try {
			authorization = authorize(root, first, "");
		}
		catch (ForbiddenException ex) {
			return new RegistryClient.LoginCheck(false, ex.getMessage());
		}
		HttpResponse<InputStream> second = exchange(ping, uri, authorization, root);
		int status = second.statusCode();
		if (status == 200) {
			discard(second);
			return new RegistryClient.LoginCheck(true, "the registry " + registry + " accepted the login ("
					+ (challenge.isBasic() ? "HTTP Basic" : "a token from " + challenge.parameter("realm")) + ")");
		}
		if (status == 401 || status == 403) {
			String body = errorBody(second);
			return new RegistryClient.LoginCheck(false,
					"the registry " + registry + " refused the login (HTTP " + status + body + ")");
		}
		throw notARegistry(registry, second);
	}

	private static UnavailableException notARegistry(String registry, HttpResponse<InputStream> response) {
		return new UnavailableException("the registry " + registry + " answered " + response.statusCode()
				+ " to GET /v2/" + errorBody(response) + "; is it a registry (OCI distribution API) and up?");
	}

	/**
	 * The error for an unexpected answer: 404 is NotFound, 403 Forbidden, the rest
	 * Unavailable, each with the registry's own short error text.
	 * @param action what was attempted, for the 403 message ("pulling", "pushing to")
	 */
	static BulkheadException failure(ImageReference image, HttpResponse<InputStream> response, String what,
			String action) {
		int status = response.statusCode();
		String body = errorBody(response);
		if (status == 404) {
			return new NotFoundException(what + " of " + image.repository() + " was not found on the registry "
					+ image.registry() + body + "; check the name and tag");
		}
		if (status == 403) {
			return new ForbiddenException("the registry " + image.registry() + " denies " + action + " "
					+ image.repository() + body + "; check the login configured for " + image.registry());
		}
		return new UnavailableException("the registry " + image.registry() + " answered " + status + " for " + what
				+ body + "; try again later");
	}

	/**
	 * Follows redirects of GETs itself, dropping the authorization when the host changes.
	 */
	private HttpResponse<InputStream> exchange(Function<URI, HttpRequest.Builder> request, URI uri,
			String authorization, ImageReference image) {
		URI current = uri;
		String auth = authorization;
		for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
			HttpRequest.Builder builder = request.apply(current);
			if (auth != null) {
				builder.header("Authorization", auth);
			}
			HttpRequest built = builder.build();
			HttpResponse<InputStream> response = exchange(built, image);
			int status = response.statusCode();
			Optional<String> location = response.headers().firstValue("Location");
			boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
			if (redirect && location.isPresent() && built.method().equals("GET")) {
				discard(response);
				URI next = current.resolve(location.get());
				if (!next.getHost().equals(current.getHost()) || next.getPort() != current.getPort()) {
					auth = null;
				}
				current = next;
				continue;
			}
			return response;
		}
		throw new UnavailableException(
				"the registry " + image.registry() + " redirected more than " + MAX_REDIRECTS + " times for " + uri);
	}

	private String authorize(ImageReference image, HttpResponse<InputStream> unauthorized, String defaultScope) {
		String header = unauthorized.headers().firstValue("WWW-Authenticate").orElse("");
		AuthChallenge challenge = AuthChallenge.parse(header);
		Optional<RegistryCredentials.Login> login = this.credentials.lookup(image.registry());
		if (challenge.isBasic()) {
			return login.map(RegistryHttp::basic)
				.orElseThrow(() -> new ForbiddenException("the registry " + image.registry() + " requires a login for "
						+ image.repository() + "; configure one for " + image.registry()));
		}
		if (!challenge.isBearer() || challenge.parameter("realm") == null) {
			throw new UnavailableException("the registry " + image.registry()
					+ " asked for an authentication scheme Bulkhead does not speak: '" + header + "'");
		}
		String scope = (challenge.parameter("scope") != null) ? challenge.parameter("scope") : defaultScope;
		return "Bearer " + fetchToken(image, challenge, scope, login);
	}

	private String fetchToken(ImageReference image, AuthChallenge challenge, String scope,
			Optional<RegistryCredentials.Login> login) {
		StringBuilder query = new StringBuilder();
		if (challenge.parameter("service") != null) {
			query.append("service=").append(URLEncoder.encode(challenge.parameter("service"), StandardCharsets.UTF_8));
		}
		// A challenge may name several scopes separated by spaces (a cross-repository
		// mount needs push on one repository and pull on another): one parameter each.
		for (String one : scope.trim().split("\\s+")) {
			if (one.isEmpty()) {
				// A login check (GET /v2/) asks for a token without any scope, as docker
				// login does.
				continue;
			}
			query.append(query.isEmpty() ? "" : "&")
				.append("scope=")
				.append(URLEncoder.encode(one, StandardCharsets.UTF_8));
		}
		String realm = challenge.parameter("realm");
		URI uri;
		try {
			uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
		}
		catch (IllegalArgumentException ex) {
			throw new UnavailableException("the registry " + image.registry() + " named an invalid token realm", ex);
		}
		if (!"https".equals(uri.getScheme()) && !this.insecureHosts.contains(hostPort(uri))) {
			throw new UnavailableException("the registry " + image.registry() + " sends logins to the token service "
					+ uri.getHost() + " over plain HTTP; list it as an insecure registry if that is intended");
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
		login.ifPresent((l) -> request.header("Authorization", basic(l)));
		HttpResponse<InputStream> response = exchange(request.build(), image);
		if (response.statusCode() == 401 || response.statusCode() == 403) {
			discard(response);
			String what = scope.isBlank() ? "" : " to " + image.repository() + " (scope " + scope + ")";
			throw new ForbiddenException("the token service of " + image.registry() + " refused "
					+ (login.isPresent() ? "the configured login" : "anonymous access") + what
					+ "; check the login configured for " + image.registry());
		}
		if (response.statusCode() != 200) {
			throw new UnavailableException("the token service of " + image.registry() + " answered "
					+ response.statusCode() + errorBody(response) + "; try again later");
		}
		try (InputStream in = response.body()) {
			JsonNode json = this.mapper.readTree(in.readNBytes(MAX_TOKEN_BYTES));
			for (String field : new String[] { "token", "access_token" }) {
				JsonNode token = json.get(field);
				if (token != null && token.isString() && !token.asString().isEmpty()) {
					return token.asString();
				}
			}
			throw new UnavailableException(
					"the token service of " + image.registry() + " answered without a token; try again later");
		}
		catch (IOException | JacksonException ex) {
			throw new UnavailableException(
					"the token service of " + image.registry() + " sent an unreadable answer: " + ex.getMessage(), ex);
		}
	}

	private HttpResponse<InputStream> exchange(HttpRequest request, ImageReference image) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (ConnectException ex) {
			if (ex.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
				throw unknownHost(image, request, ex);
			}
			throw new UnavailableException("cannot connect to " + hostPort(request.uri()) + " for the registry "
					+ image.registry() + " (" + ex.getMessage() + "); is it running and reachable?", ex);
		}
		catch (UnknownHostException ex) {
			throw unknownHost(image, request, ex);
		}
		catch (HttpConnectTimeoutException ex) {
			throw new UnavailableException("connecting to " + hostPort(request.uri()) + " for the registry "
					+ image.registry() + " timed out; is it reachable from this host?", ex);
		}
		catch (HttpTimeoutException ex) {
			throw new UnavailableException("the registry " + image.registry() + " did not answer in time; try again",
					ex);
		}
		catch (IOException ex) {
			if (ex.getMessage() != null && ex.getMessage().contains("HTTP/1.1 header parser")) {
				throw new UnavailableException("the registry " + image.registry() + " did not speak the expected "
						+ "protocol; is it TLS or plain HTTP (insecure registries)?", ex);
			}
			throw new UnavailableException(
					"talking to the registry " + image.registry() + " failed: " + ex.getMessage() + "; try again", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnavailableException("the exchange with " + image.registry() + " was interrupted", ex);
		}
	}

	private static InvalidArgumentException unknownHost(ImageReference image, HttpRequest request, Exception ex) {
		return new InvalidArgumentException("the registry host " + request.uri().getHost() + " of " + image
				+ " is unknown (it does not resolve); check the reference", ex);
	}

	private static String hostPort(URI uri) {
		return uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
	}

	private static String basic(RegistryCredentials.Login login) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8));
	}

	/** The registry's own error text, short, for messages. */
	static String errorBody(HttpResponse<InputStream> response) {
		try (InputStream in = response.body()) {
			String text = new String(in.readNBytes(512), StandardCharsets.UTF_8).strip();
			return text.isEmpty() ? "" : " (" + text.replaceAll("\\s+", " ") + ")";
		}
		catch (IOException ex) {
			// Only decoration for a message about a failure already being reported.
			return "";
		}
	}

	static void discard(HttpResponse<InputStream> response) {
		try (InputStream in = response.body()) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
		}
		catch (IOException ex) {
			// The answer was not going to be used; the connection is dropped instead.
		}
	}

}
