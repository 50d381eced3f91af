package dev.bulkhead.backend.dockerapi;

import java.nio.charset.StandardCharsets;

import dev.bulkhead.runtime.runner.CriLogReader;

/**
 * Docker's multiplexed stream for containers without a TTY
 * ({@code application/vnd.docker.multiplexed-stream}): each frame is an 8-byte header
 * (the stream: 1 stdout, 2 stderr; three zero bytes; the payload's length as a big-endian
 * 32-bit number) followed by the payload. Clients split stdout from stderr by it.
 */
final class DockerStreamFrames {

	static final String MEDIA_TYPE = "application/vnd.docker.multiplexed-stream";

	static final byte STDOUT = 1;

	static final byte STDERR = 2;

	private DockerStreamFrames() {
	}

	static byte[] frame(byte stream, byte[] payload) {
		byte[] frame = new byte[8 + payload.length];
		frame[0] = stream;
		int length = payload.length;
		frame[4] = (byte) (length >>> 24);
		frame[5] = (byte) (length >>> 16);
		frame[6] = (byte) (length >>> 8);
		frame[7] = (byte) length;
		System.arraycopy(payload, 0, frame, 8, payload.length);
		return frame;
	}

	/** One log line as a frame, with docker's timestamp prefix when asked for. */
	static byte[] frame(CriLogReader.Entry entry, boolean timestamps) {
		String line = (timestamps ? entry.time() + " " : "") + entry.text() + "\n";
		return frame((entry.stream() == CriLogReader.Stream.STDERR) ? STDERR : STDOUT,
				line.getBytes(StandardCharsets.UTF_8));
	}

}
