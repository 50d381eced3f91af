package dev.bulkhead.backend.images;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.registry.PullCancellation;
import dev.bulkhead.runtime.registry.PullProgress;

/**
 * The pulls running on this server, by id, with who started them and where each blob
 * stands, so that the one who started a pull (or an administrator) can list and cancel
 * it. Another user's pull is answered as not found, so its id does not leak.
 */
@Component
public class PullRegistry {

	private final Map<String, Running> running = new ConcurrentHashMap<>();

	/**
	 * Records a pull that {@code username} starts; {@link Running#close()} forgets it.
	 */
	public Running start(String username, String reference) {
		Running pull = new Running(UUID.randomUUID().toString(), username, reference, Instant.now());
		this.running.put(pull.id(), pull);
		return pull;
	}

	/** The pulls the caller may see: their own, or every pull for an administrator. */
	public List<Running> visibleTo(String username, boolean admin) {
		return this.running.values()
			.stream()
			.filter((pull) -> admin || pull.username().equals(username))
			.sorted((a, b) -> a.started().compareTo(b.started()))
			.toList();
	}

	/**
	 * Cancels a pull the caller may see; the pull's stream ends with a cancelled event.
	 */
	public Running cancel(String id, String username, boolean admin) {
		Running pull = this.running.get(id);
		if (pull == null || !(admin || pull.username().equals(username))) {
			throw new NotFoundException(
					"no running pull with id '" + id + "' among your pulls; list them with GET /api/v1/images/pulls");
		}
		pull.cancellation().cancel();
		return pull;
	}

	/** One running pull; its listener records each blob's latest progress. */
	public final class Running implements PullProgress.Listener, AutoCloseable {

		private final String id;

		private final String username;

		private final String reference;

		private final Instant started;

		private final PullCancellation cancellation = new PullCancellation();

		private final Map<String, PullProgress> blobs = new LinkedHashMap<>();

		Running(String id, String username, String reference, Instant started) {
			this.id = id;
			this.username = username;
			this.reference = reference;
			this.started = started;
		}

		public String id() {
			return this.id;
		}

		public String username() {
			return this.username;
		}

		public String reference() {
			return this.reference;
		}

		public Instant started() {
			return this.started;
		}

		public PullCancellation cancellation() {
			return this.cancellation;
		}

		@Override
		public void onProgress(PullProgress progress) {
			synchronized (this.blobs) {
				this.blobs.put(progress.digest(), progress);
			}
		}

		/** Each blob's latest progress, config first. */
		public List<PullProgress> blobs() {
			synchronized (this.blobs) {
				return new ArrayList<>(this.blobs.values());
			}
		}

		@Override
		public void close() {
			PullRegistry.this.running.remove(this.id, this);
		}

	}

}
