package dev.bulkhead.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PullCancellationTest {

	@Test
	void cancelWakesAReadBlockedOnTheRegistryStream() throws Exception {
		PullCancellation cancellation = new PullCancellation();
		try (PipedOutputStream registry = new PipedOutputStream()) {
			InputStream in = new PipedInputStream(registry);
			CountDownLatch reading = new CountDownLatch(1);
			CompletableFuture<String> outcome = CompletableFuture.supplyAsync(() -> {
				cancellation.enter(in);
				try {
					reading.countDown();
					in.read();
					return "read";
				}
				catch (IOException ex) {
					return "broke off";
				}
				finally {
					cancellation.leave();
				}
			});
			assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
			cancellation.cancel();
			assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo("broke off");
			assertThat(cancellation.isCancelled()).isTrue();
		}
	}

	@Test
	void aStreamOpenedAfterTheCancelIsClosedAtOnce() throws Exception {
		PullCancellation cancellation = new PullCancellation();
		cancellation.cancel();
		cancellation.cancel();
		try (PipedOutputStream registry = new PipedOutputStream()) {
			PipedInputStream in = new PipedInputStream(registry);
			cancellation.enter(in);
			cancellation.leave();
			assertThat(Thread.interrupted()).isFalse();
			org.assertj.core.api.Assertions.assertThatThrownBy(in::read).isInstanceOf(IOException.class);
		}
	}

}
