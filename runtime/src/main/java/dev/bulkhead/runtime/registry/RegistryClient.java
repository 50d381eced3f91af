package dev.bulkhead.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.LongConsumer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.UnavailableException;
import dev.bulkhead.runtime.images.MediaTypes;

/**
 * A client of the OCI distribution API: manifests by tag or digest and blobs by digest
 * for pulls; blob existence checks, cross-repository mounts, monolithic and chunked blob
 * uploads and manifest puts for pushes. It answers a registry's {@code 401} once per
 * request (see {@link RegistryHttp}): with HTTP Basic, or with a bearer token for the
 * request's scope. TLS is used for every registry except the hosts configured as
 * insecure, which are spoken to over plain HTTP. It holds no open connections of its own
 * beyond those of the shared {@link HttpClient}.
 */
public final class RegistryClient {

	static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
			MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);

	private static final int MAX_MANIFEST_BYTES = 4 << 20;

	/**
	 * Blobs larger than this are uploaded in chunks of this size (PATCH), others in one
	 * PUT.
	 */
	static final long CHUNK_BYTES = 16L << 20;

	private final ObjectMapper mapper;

	private final RegistryHttp transport;

	private final HttpClient http;

	private final Set<String> insecureHosts;

	/**
	 * @param http the client (redirects are followed here, not by it, so that an
	 * Authorization header never travels to another host)
	 * @param insecureHosts registry hosts ({@code host:port}) reached over plain HTTP
	 */
	public RegistryClient(HttpClient http, ObjectMapper mapper, RegistryCredentials credentials,
			Set<String> insecureHosts) {
		this.mapper = mapper;
		this.http = http;
		this.insecureHosts = Set.copyOf(insecureHosts);
		this.transport = new RegistryHttp(http, mapper, credentials, insecureHosts);
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

	/**
	 * Forgets the tokens and Basic headers cached so far, so that a changed or removed
	 * login takes effect on the next request.
	 */
	public void forgetLogins() {
		this.transport.forgetAuthorizations();
	}

	/**
	 * The outcome of a login check.
	 *
	 * @param accepted whether the registry accepted the login
	 * @param message what happened, in words (never the password)
	 */
	public record LoginCheck(boolean accepted, String message) {
	}

	/**
	 * Checks a login against a registry before it is stored: the handshake
	 * {@code docker login} performs ({@code GET /v2/}, answering a Basic or Bearer
	 * challenge with this login only). Nothing is cached, so the logins in use are not
	 * affected.
	 * @param registry the registry host as references name it
	 * @return accepted or refused, in words; a registry that asks for no login at
	 * {@code /v2/} counts as accepted, as for docker
	 * @throws dev.bulkhead.runtime.errors.UnavailableException when the registry cannot
	 * be reached or answers something else
	 */
	public LoginCheck checkLogin(String registry, RegistryCredentials.Login login) {
		RegistryLoginStore.requireHost(registry);
		RegistryCredentials only = (host) -> java.util.Optional.of(login);
		return new RegistryHttp(this.http, this.mapper, only, this.insecureHosts).checkLogin(registry);
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

	/** Whether the target repository already has the blob ({@code HEAD}). */
	public boolean blobExists(ImageReference target, Digest digest) {
		HttpResponse<InputStream> response = this.transport.send(target, pushScope(target),
				(uri) -> HttpRequest.newBuilder(uri)
					.timeout(Duration.ofMinutes(1))
					.method("HEAD", HttpRequest.BodyPublishers.noBody()),
				this.transport.uri(target, "/v2/" + target.repository() + "/blobs/" + digest));
		RegistryHttp.discard(response);
		if (response.statusCode() == 200) {
			return true;
		}
		if (response.statusCode() == 404) {
			return false;
		}
		throw RegistryHttp.failure(target, response, "blob " + digest, "pushing to");
	}

	/**
	 * Asks the registry to mount a blob from another repository of the same registry into
	 * the target, so nothing is uploaded; false when it declined (it then expects an
	 * upload, which {@link #upload} starts afresh).
	 */
	public boolean mountBlob(ImageReference target, Digest digest, String fromRepository) {
		String path = "/v2/" + target.repository() + "/blobs/uploads/?mount="
				+ URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8) + "&from="
				+ URLEncoder.encode(fromRepository, StandardCharsets.UTF_8);
		HttpResponse<InputStream> response = this.transport.send(target,
				pushScope(target) + " repository:" + fromRepository + ":pull",
				(uri) -> HttpRequest.newBuilder(uri)
					.timeout(Duration.ofMinutes(1))
					.POST(HttpRequest.BodyPublishers.noBody()),
				this.transport.uri(target, path));
		int status = response.statusCode();
		if (status == 202) {
			// The registry opened an upload instead; leave it to expire and upload anew.
			RegistryHttp.discard(response);
			cancel(target, response);
			return false;
		}
		if (status != 201) {
			throw RegistryHttp.failure(target, response, "mounting blob " + digest + " from " + fromRepository,
					"pushing to");
		}
		RegistryHttp.discard(response);
		return true;
	}

	/**
	 * Uploads a blob from a file: one {@code PUT} for small blobs, {@code PATCH} chunks
	 * then a closing {@code PUT ?digest=} for large ones. The registry verifies the
	 * digest; {@code progress} receives the bytes sent so far.
	 */
	public void upload(ImageReference target, Digest digest, Path file, long size, LongConsumer progress) {
		URI location = startUpload(target);
		if (size > CHUNK_BYTES) {
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
				for (long offset = 0; offset < size; offset += CHUNK_BYTES) {
					long length = Math.min(CHUNK_BYTES, size - offset);
					location = patch(target, location, channel, offset, length);
					progress.accept(offset + length);
				}
			}
			catch (IOException ex) {
				throw new UnavailableException("reading blob " + digest + " for the push failed: " + ex.getMessage(),
						ex);
			}
			finishUpload(target, location, digest, HttpRequest.BodyPublishers.noBody());
		}
		else {
			try {
				finishUpload(target, location, digest, HttpRequest.BodyPublishers.ofFile(file));
			}
			catch (java.io.FileNotFoundException ex) {
				throw new UnavailableException("blob " + digest + " vanished from the content store during the push",
						ex);
			}
		}
		progress.accept(size);
	}

	private URI startUpload(ImageReference target) {
		URI start = this.transport.uri(target, "/v2/" + target.repository() + "/blobs/uploads/");
		HttpResponse<InputStream> response = this.transport.send(target, pushScope(target),
				(uri) -> HttpRequest.newBuilder(uri)
					.timeout(Duration.ofMinutes(1))
					.POST(HttpRequest.BodyPublishers.noBody()),
				start);
		if (response.statusCode() != 202) {
			throw RegistryHttp.failure(target, response, "starting a blob upload", "pushing to");
		}
		RegistryHttp.discard(response);
		return location(target, start, response);
	}

	private URI patch(ImageReference target, URI location, FileChannel channel, long offset, long length)
			throws IOException {
		byte[] chunk = slice(channel, offset, length);
		HttpResponse<InputStream> response = this.transport.send(target, pushScope(target),
				(uri) -> HttpRequest.newBuilder(uri)
					.timeout(Duration.ofMinutes(5))
					.header("Content-Type", "application/octet-stream")
					.header("Content-Range", offset + "-" + (offset + length - 1))
					.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk)),
				location);
		if (response.statusCode() != 202) {
			throw RegistryHttp.failure(target, response, "uploading bytes " + offset + "+" + length, "pushing to");
		}
		RegistryHttp.discard(response);
		return location(target, location, response);
	}

	private static byte[] slice(FileChannel channel, long offset, long length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate((int) length);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer, offset + buffer.position()) < 0) {
				throw new IOException("the blob file ended " + (length - buffer.remaining()) + " bytes into a chunk");
			}
		}
		return buffer.array();
	}

	private void finishUpload(ImageReference target, URI location, Digest digest, HttpRequest.BodyPublisher body) {
		URI put = URI.create(location + ((location.getRawQuery() != null) ? "&" : "?") + "digest="
				+ URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8));
		HttpResponse<InputStream> response = this.transport.send(target, pushScope(target),
				(uri) -> HttpRequest.newBuilder(uri)
					.timeout(Duration.ofMinutes(30))
					.header("Content-Type", "application/octet-stream")
					.PUT(body),
				put);
		if (response.statusCode() != 201) {
			throw RegistryHttp.failure(target, response, "uploading blob " + digest, "pushing to");
		}
		RegistryHttp.discard(response);
	}

	private void cancel(ImageReference target, HttpResponse<InputStream> opened) {
		opened.headers().firstValue("Location").ifPresent((location) -> {
			URI uri = opened.uri().resolve(location);
			RegistryHttp.discard(this.transport.send(target, pushScope(target),
					(u) -> HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(30)).DELETE(), uri));
		});
	}

	private static URI location(ImageReference target, URI base, HttpResponse<InputStream> response) {
		return base.resolve(response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new UnavailableException("the registry " + target.registry()
					+ " accepted an upload without saying where to send it (no Location); it is not a registry")));
	}

	/**
	 * Puts a manifest under a tag, byte for byte (so its digest is unchanged), and
	 * returns the digest the registry reports, checked against the bytes.
	 */
	public Digest putManifest(ImageReference target, String tag, String mediaType, byte[] bytes) {
		Digest digest = Digest.sha256(sha256Hex(bytes));
		HttpResponse<InputStream> response = this.transport.send(target, pushScope(target),
				(uri) -> HttpRequest.newBuilder(uri)
					.timeout(Duration.ofMinutes(1))
					.header("Content-Type", mediaType)
					.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
				this.transport.uri(target, "/v2/" + target.repository() + "/manifests/" + tag));
		if (response.statusCode() != 201) {
			throw RegistryHttp.failure(target, response, "manifest " + tag, "pushing to");
		}
		RegistryHttp.discard(response);
		String reported = response.headers().firstValue("Docker-Content-Digest").orElse(digest.toString());
		if (!reported.equals(digest.toString())) {
			throw new UnavailableException("the registry " + target.registry() + " stored the manifest of " + target
					+ " as " + reported + ", not " + digest + "; the registry or a proxy altered it");
		}
		return digest;
	}

	private static String pushScope(ImageReference image) {
		return "repository:" + image.repository() + ":pull,push";
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
		HttpResponse<InputStream> response = this.transport.send(image, pullScope(image),
				(uri) -> HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).header("Accept", accept).GET(),
				this.transport.uri(image, path));
		if (response.statusCode() >= 200 && response.statusCode() < 300) {
			return response;
		}
		throw RegistryHttp.failure(image, response, what, "pulling");
	}

	private static String pullScope(ImageReference image) {
		return "repository:" + image.repository() + ":pull";
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
