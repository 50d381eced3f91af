package dev.bulkhead.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A token service for docker-registry's {@code auth: token} on 127.0.0.1, run by the test
 * with the JDK's HttpServer: it checks one HTTP Basic login and answers with a JWT
 * (RS256, the certificate in {@code x5c}) granting the scopes asked for. Its key and
 * self-signed certificate are made with openssl into a temporary directory; the registry
 * trusts the certificate through its {@code rootcertbundle}.
 */
public final class TokenIssuer implements AutoCloseable {

	public static final String ISSUER = "bulkhead-it-issuer";

	public static final String SERVICE = "bulkhead-it-registry";

	private final Path directory;

	private final PrivateKey key;

	private final String certificate;

	private final String username;

	private final String password;

	private final HttpServer server;

	/** Every request the issuer answered: "user scope..." or "anonymous scope...". */
	private final List<String> requests = new CopyOnWriteArrayList<>();

	public TokenIssuer(String username, String password) {
		this.username = username;
		this.password = password;
		try {
			this.directory = Files.createTempDirectory("bulkhead-token-issuer-");
			openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days",
					"2", "-subj", "/CN=" + ISSUER);
			byte[] der = pem(Files.readString(this.directory.resolve("key.pem")), "PRIVATE KEY");
			this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
			X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(Files.newInputStream(this.directory.resolve("cert.pem")));
			this.certificate = Base64.getEncoder().encodeToString(cert.getEncoded());
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/token", this::token);
		this.server.start();
	}

	/** The PEM file the registry's {@code rootcertbundle} names. */
	public Path certificateFile() {
		return this.directory.resolve("cert.pem");
	}

	/** {@code 127.0.0.1:port}, to list as an insecure host (the realm is plain HTTP). */
	public String host() {
		return "127.0.0.1:" + this.server.getAddress().getPort();
	}

	public String realm() {
		return "http://" + host() + "/token";
	}

	public List<String> requests() {
		return List.copyOf(this.requests);
	}

	private void token(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		String expected = "Basic " + Base64.getEncoder()
			.encodeToString((this.username + ":" + this.password).getBytes(StandardCharsets.UTF_8));
		List<String> scopes = new ArrayList<>();
		String query = exchange.getRequestURI().getRawQuery();
		for (String parameter : (query != null) ? query.split("&") : new String[0]) {
			if (parameter.startsWith("scope=")) {
				scopes.add(URLDecoder.decode(parameter.substring("scope=".length()), StandardCharsets.UTF_8));
			}
		}
		boolean authenticated = expected.equals(authorization);
		this.requests.add((authenticated ? this.username : (authorization == null) ? "anonymous" : "wrong-login") + " "
				+ String.join(" ", scopes));
		if (!authenticated) {
			respond(exchange, 401, "{\"details\":\"a valid login is required\"}");
			return;
		}
		respond(exchange, 200, "{\"token\":\"" + jwt(scopes) + "\",\"expires_in\":300}");
	}

	/** A token granting {@code scopes}, for the test's own pushes. */
	public String mint(String... scopes) {
		return jwt(List.of(scopes));
	}

	private String jwt(List<String> scopes) {
		StringBuilder access = new StringBuilder();
		for (String scope : scopes) {
			String[] parts = scope.split(":");
			if (parts.length != 3) {
				continue;
			}
			StringBuilder actions = new StringBuilder();
			for (String action : parts[2].split(",")) {
				actions.append(actions.isEmpty() ? "" : ",").append('"').append(action).append('"');
			}
			access.append(access.isEmpty() ? "" : ",")
				.append("{\"type\":\"")
				.append(parts[0])
				.append("\",\"name\":\"")
				.append(parts[1])
				.append("\",\"actions\":[")
				.append(actions)
				.append("]}");
		}
		long now = Instant.now().getEpochSecond();
		String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"" + this.certificate + "\"]}";
		String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + this.username + "\",\"aud\":\"" + SERVICE
				+ "\",\"exp\":" + (now + 300) + ",\"nbf\":" + (now - 10) + ",\"iat\":" + now + ",\"jti\":\""
				+ UUID.randomUUID() + "\",\"access\":[" + access + "]}";
		String signingInput = base64Url(header) + "." + base64Url(claims);
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(this.key);
			signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
			return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static byte[] pem(String text, String type) {
		String body = text.substring(
				text.indexOf("-----BEGIN " + type + "-----") + ("-----BEGIN " + type + "-----").length(),
				text.indexOf("-----END " + type + "-----"));
		return Base64.getMimeDecoder().decode(body);
	}

	private void openssl(String... arguments) {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("openssl failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		HostState.deleteRoots(this.directory);
	}

}
