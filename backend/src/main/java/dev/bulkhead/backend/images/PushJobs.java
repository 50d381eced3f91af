package dev.bulkhead.backend.images;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.BulkheadException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.registry.PullProgress;

/**
 * Pushes started from the dashboard, run in the background so the page can follow them:
 * each has an id, who started it, every blob's latest progress and, once over, the pushed
 * digest or the error in words. The page polls a job by id; only the user who started it
 * (or an administrator) finds it, anyone else gets a 404 so ids do not leak. Finished
 * jobs are kept for a while, so that the last poll sees how it ended.
 */
@Component
class PushJobs implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PushJobs.class);

	/** How long a finished push stays visible. */
	static final Duration KEPT = Duration.ofMinutes(30);

	/** Pushes run at once from the dashboard; more wait, shown as waiting. */
	private static final int RUNNERS = 2;

	private final Map<String, Job> jobs = new ConcurrentHashMap<>();

	private final ExecutorService runners;

	private final Clock clock;

	PushJobs() {
		this(Clock.systemUTC());
	}

	PushJobs(Clock clock) {
		this.clock = clock;
		AtomicInteger threads = new AtomicInteger();
		this.runners = Executors.newFixedThreadPool(RUNNERS, (task) -> {
			Thread thread = new Thread(task, "dashboard-push-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Starts a push in the background.
	 * @param push performs the push, reporting to the listener it is given, and returns
	 * the pushed manifest's digest
	 */
	Job start(String username, String local, String target, Function<PullProgress.Listener, Digest> push) {
		forgetFinished();
		Job job = new Job(UUID.randomUUID().toString(), username, local, target, this.clock.instant());
		this.jobs.put(job.id(), job);
		this.runners.execute(() -> run(job, push));
		return job;
	}

	/** A job the caller may see: their own, or any for an administrator. */
	Job find(String id, String username, boolean admin) {
		forgetFinished();
		Job job = (id != null) ? this.jobs.get(id) : null;
		if (job == null || !(admin || job.username().equals(username))) {
			throw new NotFoundException("no push with id '" + id + "' among your pushes of the last " + KEPT.toMinutes()
					+ " minutes; start it again from the image's page");
		}
		return job;
	}

	private void run(Job job, Function<PullProgress.Listener, Digest> push) {
		try {
			job.succeed(push.apply(job), this.clock.instant());
		}
		catch (BulkheadException ex) {
			job.fail(ex.getMessage(), this.clock.instant());
		}
		catch (RuntimeException ex) {
			log.error("pushing {} to {} failed", job.local(), job.target(), ex);
			job.fail("the push of " + job.local() + " failed unexpectedly; see the server log", this.clock.instant());
		}
	}

	private void forgetFinished() {
		Instant horizon = this.clock.instant().minus(KEPT);
		this.jobs.values().removeIf((job) -> job.finished() != null && job.finished().isBefore(horizon));
	}

	@Override
	public void destroy() {
		this.runners.shutdownNow();
	}

	/** Where a job stands. */
	enum State {

		RUNNING, DONE, FAILED

	}

	/**
	 * One push; its listener records each blob's latest progress. Its accessors are
	 * public for the templates.
	 */
	static final class Job implements PullProgress.Listener {

		private final String id;

		private final String username;

		private final String local;

		private final String target;

		private final Instant started;

		private final Map<String, PullProgress> blobs = new LinkedHashMap<>();

		private volatile State state = State.RUNNING;

		private volatile String digest;

		private volatile String detail;

		private volatile Instant finished;

		Job(String id, String username, String local, String target, Instant started) {
			this.id = id;
			this.username = username;
			this.local = local;
			this.target = target;
			this.started = started;
		}

		@Override
		public void onProgress(PullProgress progress) {
			synchronized (this.blobs) {
				this.blobs.put(progress.digest(), progress);
			}
		}

		void succeed(Digest pushed, Instant at) {
			this.digest = pushed.toString();
			this.finished = at;
			this.state = State.DONE;
		}

		void fail(String why, Instant at) {
			this.detail = why;
			this.finished = at;
			this.state = State.FAILED;
		}

		/** Each blob's latest progress, in the order they were first reported. */
		public List<PullProgress> blobs() {
			synchronized (this.blobs) {
				return new ArrayList<>(this.blobs.values());
			}
		}

		/** How many blobs are through (sent, present or mounted). */
		public long blobsDone() {
			return blobs().stream()
				.filter((b) -> b.state() == PullProgress.State.DONE || b.state() == PullProgress.State.EXISTS
						|| b.state() == PullProgress.State.MOUNTED)
				.count();
		}

		public String id() {
			return this.id;
		}

		public String username() {
			return this.username;
		}

		public String local() {
			return this.local;
		}

		public String target() {
			return this.target;
		}

		public Instant started() {
			return this.started;
		}

		public State state() {
			return this.state;
		}

		public boolean running() {
			return this.state == State.RUNNING;
		}

		public boolean failed() {
			return this.state == State.FAILED;
		}

		/** The pushed manifest's digest once done, else null. */
		public String digest() {
			return this.digest;
		}

		/** Why it failed, in words, else null. */
		public String detail() {
			return this.detail;
		}

		public Instant finished() {
			return this.finished;
		}

	}

}
