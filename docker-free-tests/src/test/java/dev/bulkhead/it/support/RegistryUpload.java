package dev.bulkhead.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The test's own client of the distribution API's push side (blob upload, manifest put),
 * independent of Bulkhead's, so that tests can put exactly the bytes they mean into a
 * registry: hostile layers, indexes, zstd layers, whatever skopeo would rewrite.
 */
public final class RegistryUpload {

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String host;

	private final String authorization;

	/** What a manifest or index names: media type, digest and size. */
	public record Blob(String mediaType, String digest, long size) {

		public String descriptor() {
			return "{\"mediaType\":\"" + this.mediaType + "\",\"digest\":\"" + this.digest + "\",\"size\":" + this.size
					+ "}";
		}

	}

	/**
	 * @param authorization a full Authorization header value, or null for anonymous
	 */
	public RegistryUpload(String host, String authorization) {
		this.host = host;
		this.authorization = authorization;
	}

	public static RegistryUpload anonymous(LocalRegistry registry) {
		return new RegistryUpload(registry.host(), null);
	}

	public static RegistryUpload basic(LocalRegistry registry, String username, String password) {
		return new RegistryUpload(registry.host(), "Basic "
				+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
	}

	public Blob blob(String repository, String mediaType, byte[] content) {
		String digest = "sha256:" + sha256(content);
		put(repository, digest, HttpRequest.BodyPublishers.ofByteArray(content));
		return new Blob(mediaType, digest, content.length);
	}

	/** Uploads a file as one blob, streamed (for layers too large to hold twice). */
	public Blob blob(String repository, String mediaType, Path file) {
		String digest = "sha256:" + sha256(file);
		try {
			put(repository, digest, HttpRequest.BodyPublishers.ofFile(file));
			return new Blob(mediaType, digest, Files.size(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void put(String repository, String digest, HttpRequest.BodyPublisher body) {
		HttpResponse<String> started = send(
				request("/v2/" + repository + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()));
		expect(started, 202, "starting an upload");
		String location = started.headers().firstValue("Location").orElseThrow();
		URI upload = URI.create("http://" + this.host).resolve(location);
		String separator = (upload.getQuery() != null) ? "&" : "?";
		HttpResponse<String> done = send(
				authorize(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest)))
					.header("Content-Type", "application/octet-stream")
					.PUT(body));
		expect(done, 201, "uploading " + digest);
	}

	/** Puts a manifest or index under a tag (or its digest) and returns its digest. */
	public Blob manifest(String repository, String reference, String mediaType, String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = send(
				request("/v2/" + repository + "/manifests/" + reference).header("Content-Type", mediaType)
					.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
		expect(response, 201, "putting manifest " + reference);
		return new Blob(mediaType, "sha256:" + sha256(bytes), bytes.length);
	}

	private HttpRequest.Builder request(String path) {
		return authorize(HttpRequest.newBuilder(URI.create("http://" + this.host + path)));
	}

	private HttpRequest.Builder authorize(HttpRequest.Builder builder) {
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		return builder.timeout(Duration.ofMinutes(2));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void expect(HttpResponse<String> response, int status, String what) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
		}
	}

	public static String sha256(byte[] content) {
		return HexFormat.of().formatHex(newSha256().digest(content));
	}

	public static String sha256(Path file) {
		MessageDigest sha = newSha256();
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return HexFormat.of().formatHex(sha.digest());
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
