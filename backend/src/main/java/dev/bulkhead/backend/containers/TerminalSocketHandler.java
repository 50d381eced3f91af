package dev.bulkhead.backend.containers;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;

import dev.bulkhead.backend.audit.AuditTrail;
import dev.bulkhead.backend.audit.Outcome;
import dev.bulkhead.runtime.containers.TerminalSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * Carries a {@link TerminalSession} over a WebSocket. Binary frames are raw terminal
 * bytes both ways; a text frame {@code {"type":"resize","cols":N,"rows":M}} resizes; when
 * the process ends the server sends {@code {"type":"exit","code":N}} and closes. One
 * thread per socket pumps the terminal's output and is the only one that sends. Closing
 * the socket ends the session and kills what still runs in it.
 */
final class TerminalSocketHandler extends AbstractWebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(TerminalSocketHandler.class);

	private static final int CHUNK = 8192;

	private final AuditTrail audit;

	private final JsonMapper json = JsonMapper.builder().build();

	TerminalSocketHandler(AuditTrail audit) {
		this.audit = audit;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession socket) {
		TerminalSession session = session(socket);
		Thread pump = new Thread(() -> pump(socket, session), "terminal-" + socket.getId());
		pump.setDaemon(true);
		pump.start();
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) {
		byte[] bytes = new byte[message.getPayloadLength()];
		message.getPayload().get(bytes);
		session(socket).write(bytes);
	}

	@Override
	protected void handleTextMessage(WebSocketSession socket, TextMessage message) throws IOException {
		JsonNode node;
		try {
			node = this.json.readTree(message.getPayload());
		}
		catch (JacksonException ex) {
			socket.close(CloseStatus.BAD_DATA
				.withReason("a text frame must be JSON, e.g. " + "{\"type\":\"resize\",\"cols\":80,\"rows\":24}"));
			return;
		}
		if (!"resize".equals(node.path("type").asString(""))) {
			socket.close(CloseStatus.BAD_DATA.withReason("unknown message type; only 'resize' is understood"));
			return;
		}
		int columns = node.path("cols").asInt(0);
		int rows = node.path("rows").asInt(0);
		try {
			session(socket).resize(columns, rows);
		}
		catch (IllegalArgumentException ex) {
			socket.close(CloseStatus.BAD_DATA.withReason(ex.getMessage()));
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
		TerminalSession session = session(socket);
		session.close();
		OptionalInt exit = session.exitCode();
		this.audit.record((String) socket.getAttributes().get(TerminalHandshake.ACTOR),
				(String) socket.getAttributes().get(TerminalHandshake.ADDRESS), TerminalHandshake.ACTION,
				(String) socket.getAttributes().get(TerminalHandshake.TARGET), Outcome.SUCCESS,
				"closed: " + socket.getAttributes().get(TerminalHandshake.COMMAND)
						+ (exit.isPresent() ? ", exit code " + exit.getAsInt() : ""));
	}

	@Override
	public void handleTransportError(WebSocketSession socket, Throwable exception) {
		log.debug("Terminal socket {} failed: {}", socket.getId(), exception.getMessage());
	}

	private void pump(WebSocketSession socket, TerminalSession session) {
		byte[] buffer = new byte[CHUNK];
		try (InputStream output = session.output()) {
			for (int n; (n = output.read(buffer, 0, buffer.length)) > 0;) {
				send(socket, new BinaryMessage(Arrays.copyOf(buffer, n)));
			}
			OptionalInt code = session.waitFor(Duration.ofSeconds(10));
			if (code.isPresent()) {
				send(socket, new TextMessage("{\"type\":\"exit\",\"code\":" + code.getAsInt() + "}"));
			}
			synchronized (socket) {
				if (socket.isOpen()) {
					socket.close(CloseStatus.NORMAL);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Terminal output of socket {} ended: {}", socket.getId(), ex.getMessage());
			closeQuietly(socket);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void send(WebSocketSession socket, org.springframework.web.socket.WebSocketMessage<?> message)
			throws IOException {
		synchronized (socket) {
			if (socket.isOpen()) {
				socket.sendMessage(message);
			}
		}
	}

	private static void closeQuietly(WebSocketSession socket) {
		synchronized (socket) {
			try {
				if (socket.isOpen()) {
					socket.close(CloseStatus.SERVER_ERROR);
				}
			}
			catch (IOException ex) {
				log.debug("Closing terminal socket {} failed: {}", socket.getId(), ex.getMessage());
			}
		}
	}

	private static TerminalSession session(WebSocketSession socket) {
		return (TerminalSession) socket.getAttributes().get(TerminalHandshake.SESSION);
	}

}
