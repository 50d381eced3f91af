package dev.bulkhead.runtime.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.UnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The login check ({@code docker login}'s handshake) against a tiny registry on 127.0.0.1
 * that demands HTTP Basic, a bearer token from its own token service, or nothing.
 */
class RegistryLoginCheckTest {

	private static final RegistryCredentials.Login RIGHT = new RegistryCredentials.Login("alice", "s3cret");

	private static final RegistryCredentials.Login WRONG = new RegistryCredentials.Login("alice", "guess");

	private HttpServer server;

	private String host;

	/** What /v2/ demands: "basic", "bearer", "none" or "teapot". */
	private String scheme = "basic";

	private final List<String> tokenQueries = new CopyOnWriteArrayList<>();

	@BeforeEach
	void startRegistry() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.host = "127.0.0.1:" + this.server.getAddress().getPort();
		this.server.createContext("/token", (exchange) -> {
			this.tokenQueries.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
			if (basic(RIGHT).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				respond(exchange, 200, "{\"token\":\"tok-1\"}");
			}
			else {
				respond(exchange, 401, "{\"details\":\"incorrect username or password\"}");
			}
		});
		this.server.createContext("/v2/", (exchange) -> {
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			switch (this.scheme) {
				case "none" -> respond(exchange, 200, "{}");
				case "teapot" -> respond(exchange, 418, "not a registry");
				case "basic" -> {
					if (basic(RIGHT).equals(authorization)) {
						respond(exchange, 200, "{}");
					}
					else {
						exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
						respond(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
					}
				}
				default -> {
					if ("Bearer tok-1".equals(authorization)) {
						respond(exchange, 200, "{}");
					}
					else {
						exchange.getResponseHeaders()
							.add("WWW-Authenticate",
									"Bearer realm=\"http://" + this.host + "/token\",service=\"test-registry\"");
						respond(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
					}
				}
			}
		});
		this.server.start();
	}

	@AfterEach
	void stopRegistry() {
		this.server.stop(0);
	}

	private RegistryClient client() {
		// The client's own logins are never used by a check: it has none here.
		return RegistryClient.create(JsonMapper.builder().build(), RegistryCredentials.none(), Set.of(this.host));
	}

	@Test
	void aBasicRegistryAcceptsTheRightPasswordAndRefusesAWrongOneInWords() {
		RegistryClient.LoginCheck right = client().checkLogin(this.host, RIGHT);
		assertThat(right.accepted()).isTrue();
		assertThat(right.message()).contains("accepted").contains("HTTP Basic");
		RegistryClient.LoginCheck wrong = client().checkLogin(this.host, WRONG);
		assertThat(wrong.accepted()).isFalse();
		assertThat(wrong.message()).contains("refused").contains("401").doesNotContain("guess");
	}

	@Test
	void aTokenRegistryIsAskedForATokenWithoutScopeAndItsRefusalIsReported() {
		this.scheme = "bearer";
		RegistryClient.LoginCheck right = client().checkLogin(this.host, RIGHT);
		assertThat(right.accepted()).as(right.message()).isTrue();
		assertThat(right.message()).contains("a token from http://" + this.host + "/token");
		assertThat(this.tokenQueries).containsExactly("service=test-registry");
		RegistryClient.LoginCheck wrong = client().checkLogin(this.host, WRONG);
		assertThat(wrong.accepted()).isFalse();
		assertThat(wrong.message()).contains("token service").contains("refused").doesNotContain("guess");
	}

	@Test
	void aRegistryThatAsksForNoLoginPassesAndSaysSo() {
		this.scheme = "none";
		RegistryClient.LoginCheck check = client().checkLogin(this.host, WRONG);
		assertThat(check.accepted()).isTrue();
		assertThat(check.message()).contains("without asking for a login");
	}

	@Test
	void somethingThatIsNotARegistryOrNotAHostIsAnErrorThatSaysWhy() {
		this.scheme = "teapot";
		assertThatThrownBy(() -> client().checkLogin(this.host, RIGHT)).isInstanceOf(UnavailableException.class)
			.hasMessageContaining("answered 418 to GET /v2/");
		assertThatThrownBy(() -> client().checkLogin("https://" + this.host, RIGHT))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("not a registry host");
	}

	private static String basic(RegistryCredentials.Login login) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8));
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
