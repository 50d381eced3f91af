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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.errors.UnavailableException;
import dev.bulkhead.runtime.images.MediaTypes;

/**
 * A client of the OCI distribution API for pulls: manifests by tag or digest and blobs by
 * digest. It answers a registry's {@code 401} once per request: with HTTP Basic, or by
 * fetching a bearer token from the realm the challenge names (with the configured login,
 * if any) and caching it per host and scope. TLS is used for every registry except the
 * hosts configured as insecure, which are spoken to over plain HTTP. It holds no open
 * connections of its own beyond those of the shared {@link HttpClient}.
 */
public final class RegistryClient {

	static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
			MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);

	private static final int MAX_MANIFEST_BYTES = 4 << 20;

	private static final int MAX_REDIRECTS = 5;

	private final HttpClient http;

	private final ObjectMapper mapper;

	private final RegistryCredentials credentials;

	private final Set<String> insecureHosts;

	private final Map<String, String> tokens = new ConcurrentHashMap<>();

	/**
	 * @param http the client (redirects are followed here, not by it, so that an
	 * Authorization header never travels to another host)
	 * @param insecureHosts registry hosts ({@code host:port}) reached over plain HTTP
	 */
	public RegistryClient(HttpClient http, ObjectMapper mapper, RegistryCredentials credentials,
			Set<String> insecureHosts) {
		this.http = http;
		this.mapper = mapper;
		this.credentials = credentials;
		this.insecureHosts = Set.copyOf(insecureHosts);
	}

	/**
	 * A client with its own HTTP client (10 s connect timeout, no automatic redirects).
	 */
	public static RegistryClient create(ObjectMapper mapper, RegistryCredentials credentials,
			Set<String> insecureHosts) {
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		return new RegistryClient(http, mapper, credentials, insecureHosts);
	}

	/** A manifest or index as the registry served it, with the digest of its bytes. */
	public record FetchedManifest(String mediaType, byte[] bytes, Digest digest) {
	}

	/**
	 * Fetches the manifest (or index) {@code reference} names, by tag or digest. Fetched
	 * by digest, the bytes must have that digest; by tag, they must match the
	 * {@code Docker-Content-Digest} the registry sends, if it sends one.
	 */
	public FetchedManifest manifest(ImageReference image, String reference) {
		String path = "/v2/" + image.repository() + "/manifests/" + reference;
		HttpResponse<InputStream> response = send(image, path, MANIFEST_ACCEPT, "manifest " + reference);
		byte[] bytes;
		try (InputStream in = response.body()) {
			bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
		}
		catch (IOException ex) {
			throw new UnavailableException(
					"reading manifest " + reference + " of " + image + " failed: " + ex.getMessage() + "; try again",
					ex);
		}
		if (bytes.length > MAX_MANIFEST_BYTES) {
			throw new InvalidArgumentException(
					"the manifest of " + image + " is larger than " + MAX_MANIFEST_BYTES + " bytes; refusing it");
		}
		Digest actual = Digest.sha256(sha256Hex(bytes));
		String expected = reference.startsWith("sha256:") ? reference
				: response.headers().firstValue("Docker-Content-Digest").orElse(null);
		if (expected != null && !actual.toString().equals(expected)) {
			throw new InvalidArgumentException("the registry " + image.registry() + " served a manifest for " + image
					+ " whose digest is " + actual + ", not " + expected + "; the registry or a proxy is broken");
		}
		String mediaType = response.headers()
			.firstValue("Content-Type")
			.map((value) -> value.split(";")[0].trim())
			.orElse("");
		if (!MediaTypes.isIndex(mediaType) && !MediaTypes.isManifest(mediaType)) {
			mediaType = mediaTypeField(bytes, image);
		}
		return new FetchedManifest(mediaType, bytes, actual);
	}

	/** Opens a blob for reading; the caller verifies its digest and closes the stream. */
	public InputStream blob(ImageReference image, Digest digest) {
		return send(image, "/v2/" + image.repository() + "/blobs/" + digest, "*/*", "blob " + digest).body();
	}

	private String mediaTypeField(byte[] bytes, ImageReference image) {
		try {
			JsonNode node = this.mapper.readTree(bytes);
			JsonNode mediaType = node.get("mediaType");
			if (mediaType != null && mediaType.isString()) {
				return mediaType.asString();
			}
			return node.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
		}
		catch (JacksonException ex) {
			throw new InvalidArgumentException("the manifest of " + image + " is not JSON: " + ex.getOriginalMessage(),
					ex);
		}
	}

	private HttpResponse<InputStream> send(ImageReference image, String path, String accept, String what) {
		String host = image.apiHost();
		String scope = "repository:" + image.repository() + ":pull";
		URI uri = URI.create(scheme(image.registry()) + "://" + host + path);
		HttpResponse<InputStream> response = get(uri, accept, this.tokens.get(host + " " + scope), image);
		if (response.statusCode() == 401) {
			discard(response);
			String authorization = authorize(image, response, scope);
			response = get(uri, accept, authorization, image);
			if (response.statusCode() == 401) {
				discard(response);
				throw new ForbiddenException("the registry " + image.registry() + " refused the credentials for "
						+ image.repository() + "; check the login configured for " + image.registry());
			}
		}
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return response;
		}
		String body = errorBody(response);
		if (status == 404) {
			throw new NotFoundException(what + " of " + image.repository() + " was not found on the registry "
					+ image.registry() + body + "; check the name and tag");
		}
		if (status == 403) {
			throw new ForbiddenException("the registry " + image.registry() + " denies pulling " + image.repository()
					+ body + "; check the login configured for " + image.registry());
		}
		throw new UnavailableException("the registry " + image.registry() + " answered " + status + " for " + what
				+ body + "; try again later");
	}

	/** Follows redirects itself, dropping the authorization when the host changes. */
	private HttpResponse<InputStream> get(URI uri, String accept, String authorization, ImageReference image) {
		URI current = uri;
		String auth = authorization;
		for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
			HttpRequest.Builder request = HttpRequest.newBuilder(current)
				.timeout(Duration.ofMinutes(5))
				.header("Accept", accept)
				.GET();
			if (auth != null) {
				request.header("Authorization", auth);
			}
			HttpResponse<InputStream> response = exchange(request.build(), image);
			int status = response.statusCode();
			Optional<String> location = response.headers().firstValue("Location");
			if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
					&& location.isPresent()) {
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
			return login.map(RegistryClient::basic)
				.orElseThrow(
						() -> new ForbiddenException("the registry " + image.registry() + " requires a login to pull "
								+ image.repository() + "; configure one for " + image.registry()));
		}
		if (!challenge.isBearer() || challenge.parameter("realm") == null) {
			throw new UnavailableException("the registry " + image.registry()
					+ " asked for an authentication scheme Bulkhead does not speak: '" + header + "'");
		}
		String scope = (challenge.parameter("scope") != null) ? challenge.parameter("scope") : defaultScope;
		String token = fetchToken(image, challenge, scope, login);
		String authorization = "Bearer " + token;
		this.tokens.put(image.apiHost() + " " + defaultScope, authorization);
		return authorization;
	}

	private String fetchToken(ImageReference image, AuthChallenge challenge, String scope,
			Optional<RegistryCredentials.Login> login) {
		StringBuilder query = new StringBuilder();
		if (challenge.parameter("service") != null) {
			query.append("service=").append(URLEncoder.encode(challenge.parameter("service"), StandardCharsets.UTF_8));
		}
		query.append(query.isEmpty() ? "" : "&")
			.append("scope=")
			.append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
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
			throw new ForbiddenException("the token service of " + image.registry() + " refused "
					+ (login.isPresent() ? "the configured login" : "an anonymous pull") + " of " + image.repository()
					+ "; check the login configured for " + image.registry());
		}
		if (response.statusCode() != 200) {
			throw new UnavailableException("the token service of " + image.registry() + " answered "
					+ response.statusCode() + errorBody(response) + "; try again later");
		}
		try (InputStream in = response.body()) {
			JsonNode json = this.mapper.readTree(in.readNBytes(MAX_MANIFEST_BYTES));
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
			throw new UnavailableException("the pull from " + image.registry() + " was interrupted", ex);
		}
	}

	private static InvalidArgumentException unknownHost(ImageReference image, HttpRequest request, Exception ex) {
		return new InvalidArgumentException("the registry host " + request.uri().getHost() + " of " + image
				+ " is unknown (it does not resolve); check the reference", ex);
	}

	private String scheme(String registry) {
		return this.insecureHosts.contains(registry) ? "http" : "https";
	}

	private static String hostPort(URI uri) {
		return uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
	}

	private static String basic(RegistryCredentials.Login login) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8));
	}

	/** The registry's own error text, short, for messages. */
	private static String errorBody(HttpResponse<InputStream> response) {
		try (InputStream in = response.body()) {
			String text = new String(in.readNBytes(512), StandardCharsets.UTF_8).strip();
			return text.isEmpty() ? "" : " (" + text.replaceAll("\\s+", " ") + ")";
		}
		catch (IOException ex) {
			// Only decoration for a message about a failure already being reported.
			return "";
		}
	}

	private static void discard(HttpResponse<InputStream> response) {
		try (InputStream in = response.body()) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
		}
		catch (IOException ex) {
			// The answer was not going to be used; the connection is dropped instead.
		}
	}

	static String sha256Hex(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform provides SHA-256", ex);
		}
	}

}
