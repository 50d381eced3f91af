package dev.bulkhead.backend.images;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.registry.PullProgress;

/**
 * Writes a pull's progress as JSON lines, one object per line, flushed as they come, so
 * that a client sees each layer move. Download threads report concurrently, hence the
 * lock.
 */
final class PullStream implements PullProgress.Listener {

	private final OutputStream out;

	private final JsonMapper json;

	PullStream(OutputStream out, JsonMapper json) {
		this.out = out;
		this.json = json;
	}

	@Override
	public void onProgress(PullProgress progress) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("status", progress.state().name().toLowerCase(Locale.ROOT));
		line.put("kind", progress.kind());
		line.put("digest", progress.digest());
		line.put("bytesDone", progress.bytesDone());
		line.put("total", progress.total());
		write(line);
	}

	synchronized void write(Object line) {
		try {
			this.out.write(this.json.writeValueAsBytes(line));
			this.out.write('\n');
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the client of the pull went away", ex);
		}
	}

}
