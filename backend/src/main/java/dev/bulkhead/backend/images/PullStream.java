package dev.bulkhead.backend.images;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.registry.PullCancellation;
import dev.bulkhead.runtime.registry.PullProgress;

/**
 * Writes a pull's progress as JSON lines, one object per line, flushed as they come, so
 * that a client sees each layer move. Download threads report concurrently, hence the
 * lock. A client that goes away cancels the pull.
 */
final class PullStream implements PullProgress.Listener {

	private final OutputStream out;

	private final JsonMapper json;

	private final PullCancellation cancellation;

	private boolean gone;

	/** A stream whose client going away fails the transfer (a push). */
	PullStream(OutputStream out, JsonMapper json) {
		this(out, json, null);
	}

	/**
	 * @param cancellation cancelled when the client goes away, since nobody is left to
	 * see the pull finish
	 */
	PullStream(OutputStream out, JsonMapper json, PullCancellation cancellation) {
		this.out = out;
		this.json = json;
		this.cancellation = cancellation;
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
		if (this.gone) {
			return;
		}
		try {
			this.out.write(this.json.writeValueAsBytes(line));
			this.out.write('\n');
			this.out.flush();
		}
		catch (IOException | UncheckedIOException ex) {
			this.gone = true;
			if (this.cancellation == null) {
				throw new UncheckedIOException("the client went away",
						(ex instanceof IOException io) ? io : ((UncheckedIOException) ex).getCause());
			}
			// The client went away: a disconnect cancels the pull.
			this.cancellation.cancel();
		}
	}

}
