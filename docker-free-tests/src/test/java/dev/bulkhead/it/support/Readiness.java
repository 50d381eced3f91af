package dev.bulkhead.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Waits until a process the tests started answers HTTP, failing early when it exits.
 */
final class Readiness {

	private Readiness() {
	}

	/**
	 * Polls {@code url} until it answers with one of {@code statuses}. {@code name} and
	 * {@code evidence} (a log excerpt or where the log is) go into the failure message.
	 */
	static void await(Process process, String url, Set<Integer> statuses, Duration timeout, String name,
			Supplier<String> evidence) {
		HttpClient client = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited during start; " + evidence.get());
			}
			try {
				HttpResponse<Void> response = client.send(
						HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (statuses.contains(response.statusCode())) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			BulkheadServer.sleep(100);
		}
		throw new IllegalStateException(
				name + " did not answer within " + timeout.toSeconds() + " s; " + evidence.get());
	}

}
