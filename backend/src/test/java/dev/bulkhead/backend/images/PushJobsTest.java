package dev.bulkhead.backend.images;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.registry.PullProgress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushJobsTest {

	private static final Digest PUSHED = Digest.sha256("ab".repeat(32));

	private final MutableClock clock = new MutableClock();

	private final PushJobs jobs = new PushJobs(this.clock);

	@AfterEach
	void stop() {
		this.jobs.destroy();
	}

	@Test
	void aJobShowsEachBlobsLatestProgressWhileRunningThenTheDigest() throws Exception {
		CountDownLatch halfway = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		PushJobs.Job job = this.jobs.start("dev", "app:1", "127.0.0.1:5000/app:1", (listener) -> {
			listener
				.onProgress(new PullProgress("sha256:" + "1".repeat(64), "layer", 0, 100, PullProgress.State.WAITING));
			listener
				.onProgress(new PullProgress("sha256:" + "2".repeat(64), "config", 10, 10, PullProgress.State.EXISTS));
			listener.onProgress(
					new PullProgress("sha256:" + "1".repeat(64), "layer", 40, 100, PullProgress.State.UPLOADING));
			halfway.countDown();
			await(proceed);
			listener
				.onProgress(new PullProgress("sha256:" + "1".repeat(64), "layer", 100, 100, PullProgress.State.DONE));
			return PUSHED;
		});
		await(halfway);
		assertThat(job.running()).isTrue();
		assertThat(job.blobs()).extracting(PullProgress::state)
			.containsExactly(PullProgress.State.UPLOADING, PullProgress.State.EXISTS);
		assertThat(job.blobsDone()).isEqualTo(1);
		assertThat(job.digest()).isNull();
		proceed.countDown();
		awaitFinished(job);
		assertThat(job.state()).isEqualTo(PushJobs.State.DONE);
		assertThat(job.digest()).isEqualTo(PUSHED.toString());
		assertThat(job.blobsDone()).isEqualTo(2);
	}

	@Test
	void aFailedPushKeepsItsReasonInWords() throws Exception {
		PushJobs.Job job = this.jobs.start("dev", "app:1", "127.0.0.1:5000/app:1", (listener) -> {
			throw new ForbiddenException("the registry 127.0.0.1:5000 denies pushing to app");
		});
		awaitFinished(job);
		assertThat(job.failed()).isTrue();
		assertThat(job.detail()).isEqualTo("the registry 127.0.0.1:5000 denies pushing to app");
		PushJobs.Job broken = this.jobs.start("dev", "app:1", "127.0.0.1:5000/app:1", (listener) -> {
			throw new IllegalStateException("a bug");
		});
		awaitFinished(broken);
		assertThat(broken.detail()).contains("failed unexpectedly").doesNotContain("a bug");
	}

	@Test
	void onlyTheStarterOrAnAdministratorFindsAJobAndFinishedOnesAreForgottenLater() throws Exception {
		PushJobs.Job job = this.jobs.start("dev", "app:1", "127.0.0.1:5000/app:1", (listener) -> PUSHED);
		assertThat(this.jobs.find(job.id(), "dev", false)).isSameAs(job);
		assertThat(this.jobs.find(job.id(), "someone-else", true)).isSameAs(job);
		assertThatThrownBy(() -> this.jobs.find(job.id(), "someone-else", false)).isInstanceOf(NotFoundException.class)
			.hasMessageContaining("among your pushes");
		awaitFinished(job);
		this.clock.advance(PushJobs.KEPT.minusSeconds(1));
		assertThat(this.jobs.find(job.id(), "dev", false)).isSameAs(job);
		this.clock.advance(Duration.ofSeconds(2));
		assertThatThrownBy(() -> this.jobs.find(job.id(), "dev", false)).isInstanceOf(NotFoundException.class);
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitFinished(PushJobs.Job job) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (job.running() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(job.running()).as("the push finished").isFalse();
	}

	private static final class MutableClock extends Clock {

		private volatile Instant now = Instant.parse("2026-12-05T01:00:00Z");

		void advance(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
