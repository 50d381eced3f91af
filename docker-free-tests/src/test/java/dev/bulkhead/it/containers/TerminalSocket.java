package dev.bulkhead.it.containers;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A terminal client as a script would write one: java.net.http's WebSocket with a bearer
 * token, collecting the terminal's bytes and the server's text frames.
 */
final class TerminalSocket implements WebSocket.Listener {

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	private final List<String> texts = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final StringBuilder partialText = new StringBuilder();

	private WebSocket socket;

	/** Opens the socket; fails with the handshake's status when it is refused. */
	static TerminalSocket open(String baseUrl, String token, String containerId) throws Exception {
		TerminalSocket listener = new TerminalSocket();
		URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/api/v1/containers/" + containerId + "/exec/ws");
		listener.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.header("Authorization", "Bearer " + token)
			.connectTimeout(Duration.ofSeconds(10))
			.buildAsync(uri, listener)
			.get(30, TimeUnit.SECONDS);
		return listener;
	}

	void type(String text) {
		this.socket.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true).join();
	}

	void resize(int columns, int rows) {
		this.socket.sendText("{\"type\":\"resize\",\"cols\":" + columns + ",\"rows\":" + rows + "}", true).join();
	}

	void close() {
		this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
	}

	String output() {
		synchronized (this.output) {
			return this.output.toString(StandardCharsets.UTF_8);
		}
	}

	List<String> texts() {
		return List.copyOf(this.texts);
	}

	/** Waits until the output satisfies the condition; returns the output. */
	String awaitOutput(Predicate<String> condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			String now = output();
			if (condition.test(now)) {
				return now;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("terminal output did not arrive within " + timeout + "; it is:\n" + output());
	}

	/** The close status code, once the server has closed. */
	int awaitClosed(Duration timeout) throws Exception {
		return this.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		synchronized (this.output) {
			this.output.writeBytes(bytes);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partialText.append(data);
		if (last) {
			this.texts.add(this.partialText.toString());
			this.partialText.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.completeExceptionally(error);
	}

}
