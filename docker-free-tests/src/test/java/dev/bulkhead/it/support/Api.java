package dev.bulkhead.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the native API, authenticated with a bearer token minted the
 * documented way: {@code POST /api/v1/tokens} with HTTP Basic.
 */
public final class Api {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	/** Every container id this test run created, for the leak checks. */
	public static final java.util.Set<String> CREATED = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private String token;

	public Api(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/** Mints a token as the admin with HTTP Basic and uses it from now on. */
	public Api login(String user, String password) {
		String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		Response response = send(HttpRequest.newBuilder(uri("/api/v1/tokens"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"it\",\"expiresInDays\":1}")));
		if (response.status() != 201) {
			throw new IllegalStateException("minting a token failed: " + response);
		}
		this.token = response.json().get("token").asString();
		return this;
	}

	/** The bearer token this client sends, for clients of other protocols (WebSocket). */
	public String token() {
		return this.token;
	}

	public Response get(String path) {
		return send(authorized(path).GET());
	}

	public Response post(String path, String json) {
		return send(authorized(path).header("Content-Type", "application/json")
			.POST((json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody()));
	}

	public Response post(String path) {
		return post(path, null);
	}

	public Response delete(String path) {
		return send(authorized(path).DELETE());
	}

	public Response upload(String path, byte[] tar) {
		return send(authorized(path).header("Content-Type", "application/x-tar")
			.POST(HttpRequest.BodyPublishers.ofByteArray(tar)));
	}

	public Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(120)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(),
					response.headers().firstValue("Content-Type").orElse(""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Sends without waiting, for requests a test interrupts (a pull cut by a crash). */
	public java.util.concurrent.CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
		return this.client.sendAsync(request.timeout(Duration.ofSeconds(300)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	public HttpRequest.Builder authorized(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
		if (this.token != null) {
			builder.header("Authorization", "Bearer " + this.token);
		}
		return builder;
	}

	public URI uri(String path) {
		return URI.create(this.baseUrl + path);
	}

	/**
	 * Creates a container running {@code command} in the test busybox image and returns
	 * its id.
	 */
	public String run(String name, String... command) {
		String id = create(name, command);
		Response started = post("/api/v1/containers/" + id + "/start");
		if (started.status() != 200) {
			throw new IllegalStateException("start failed: " + started);
		}
		return id;
	}

	public String create(String name, String... command) {
		return createWith(name, "", command);
	}

	/**
	 * Creates a container with extra top-level JSON fields, e.g.
	 * {@code "network":"none",} (note the trailing comma).
	 */
	public String createWith(String name, String extraFields, String... command) {
		StringBuilder args = new StringBuilder();
		for (String arg : command) {
			args.append(args.isEmpty() ? "" : ",").append(JSON.writeValueAsString(arg));
		}
		Response created = post("/api/v1/containers", "{" + extraFields + "\"name\":\"" + name + "\",\"image\":\""
				+ TestImages.BUSYBOX + "\",\"command\":[" + args + "]}");
		if (created.status() != 201) {
			throw new IllegalStateException("create failed: " + created);
		}
		String id = created.json().get("id").asString();
		CREATED.add(id);
		return id;
	}

	/** Waits for the container to exit and returns the wait response. */
	public JsonNode await(String id) {
		Response response = post("/api/v1/containers/" + id + "/wait?timeout=60");
		if (response.status() != 200) {
			throw new IllegalStateException("wait failed: " + response);
		}
		return response.json();
	}

	/** Status, body and content type of one response. */
	public record Response(int status, String body, String contentType) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
