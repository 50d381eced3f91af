package dev.bulkhead.backend.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes a {@code text/event-stream} on the request's own thread. The stream is written
 * synchronously, not through an async dispatch, so the caller's security context stays in
 * place for every event (each tick can apply the caller's access again) and nothing
 * outlives the request. A write that fails means the client went away: {@link #send}
 * answers false and the caller stops.
 */
public final class ServerSentEvents {

	private final HttpServletResponse response;

	private OutputStream out;

	public ServerSentEvents(HttpServletResponse response) {
		this.response = response;
	}

	/** Sends the headers; the browser's EventSource reconnects after {@code retry}. */
	public boolean open(Duration retry) {
		this.response.setContentType("text/event-stream");
		this.response.setCharacterEncoding("UTF-8");
		this.response.setHeader("Cache-Control", "no-store");
		// Proxies such as nginx would otherwise hold events back.
		this.response.setHeader("X-Accel-Buffering", "no");
		try {
			this.out = this.response.getOutputStream();
			return write("retry: " + retry.toMillis() + "\n\n");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Sends one event; data with several lines goes out as several {@code data:} lines,
	 * which the browser joins with newlines (a bare CR ends a line in this format too, so
	 * it is split on as well).
	 */
	public boolean send(String event, String data) {
		return send(event, data, null);
	}

	/**
	 * Sends one event with an id; a browser that reconnects sends the last id it saw in
	 * the {@code Last-Event-ID} header, so the stream can go on where it was.
	 */
	public boolean send(String event, String data, String id) {
		StringBuilder text = new StringBuilder();
		if (id != null) {
			text.append("id: ").append(id.replaceAll("[\r\n]", "")).append('\n');
		}
		if (event != null) {
			text.append("event: ").append(event).append('\n');
		}
		for (String line : data.split("\r\n|\r|\n", -1)) {
			text.append("data: ").append(line).append('\n');
		}
		text.append('\n');
		return write(text.toString());
	}

	/** A comment line: keeps idle connections open and finds clients that left. */
	public boolean keepAlive() {
		return write(": keep-alive\n\n");
	}

	/**
	 * Sleeps between events; false when the thread is interrupted (the server is
	 * stopping).
	 */
	public static boolean pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private boolean write(String text) {
		try {
			this.out.write(text.getBytes(StandardCharsets.UTF_8));
			this.out.flush();
			this.response.flushBuffer();
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
