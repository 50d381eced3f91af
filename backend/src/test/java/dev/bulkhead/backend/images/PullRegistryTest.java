package dev.bulkhead.backend.images;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.registry.PullProgress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PullRegistryTest {

	private final PullRegistry registry = new PullRegistry();

	@Test
	void ownerCancelsTheirPullAndOthersSeeNothing() {
		try (PullRegistry.Running pull = this.registry.start("ann", "busybox:latest")) {
			assertThat(this.registry.visibleTo("ann", false)).containsExactly(pull);
			assertThat(this.registry.visibleTo("bob", false)).isEmpty();
			assertThatThrownBy(() -> this.registry.cancel(pull.id(), "bob", false))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining(pull.id());
			assertThat(pull.cancellation().isCancelled()).isFalse();
			this.registry.cancel(pull.id(), "ann", false);
			assertThat(pull.cancellation().isCancelled()).isTrue();
		}
		assertThat(this.registry.visibleTo("ann", true)).isEmpty();
	}

	@Test
	void adminSeesAndCancelsEveryPull() {
		try (PullRegistry.Running pull = this.registry.start("ann", "busybox:latest")) {
			assertThat(this.registry.visibleTo("root", true)).containsExactly(pull);
			this.registry.cancel(pull.id(), "root", true);
			assertThat(pull.cancellation().isCancelled()).isTrue();
		}
	}

	@Test
	void anEndedPullCannotBeCancelled() {
		PullRegistry.Running pull = this.registry.start("ann", "busybox:latest");
		pull.close();
		assertThatThrownBy(() -> this.registry.cancel(pull.id(), "ann", false)).isInstanceOf(NotFoundException.class);
	}

	@Test
	void keepsTheLatestProgressOfEachBlobInOrder() {
		try (PullRegistry.Running pull = this.registry.start("ann", "app:1")) {
			pull.onProgress(new PullProgress("sha256:c", "config", 0, 10, PullProgress.State.WAITING));
			pull.onProgress(new PullProgress("sha256:l", "layer", 0, 100, PullProgress.State.WAITING));
			pull.onProgress(new PullProgress("sha256:c", "config", 10, 10, PullProgress.State.DONE));
			pull.onProgress(new PullProgress("sha256:l", "layer", 40, 100, PullProgress.State.DOWNLOADING));
			assertThat(pull.blobs()).extracting(PullProgress::digest).containsExactly("sha256:c", "sha256:l");
			assertThat(pull.blobs()).extracting(PullProgress::bytesDone).containsExactly(10L, 40L);
		}
	}

}
