package dev.bulkhead.runtime.content;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileContentStoreTest extends ContentStoreContractTest {

	@Override
	protected ContentStore createStore(Path root) {
		return new FileContentStore(root);
	}

	@Test
	void blobIsStoredReadOnlyUnderBlobsSha256Hex() throws Exception {
		byte[] content = "layout".getBytes(StandardCharsets.UTF_8);
		Digest digest = this.store.write(content);
		Path blob = this.dir.resolve("blobs/sha256/" + digest.hex());
		assertThat(blob).hasBinaryContent(content);
		assertThat(this.store.path(digest)).isEqualTo(blob);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(blob))).isEqualTo("r--r--r--");
	}

	@Test
	void ingestionsLeftByAKilledProcessAreRemovedWhenTheStoreOpensAndBlobsKept() throws Exception {
		Digest kept = this.store.write("committed".getBytes(StandardCharsets.UTF_8));
		ContentStore.Ingestion interrupted = this.store.ingest();
		interrupted.stream().write(new byte[4096]);
		interrupted.stream().flush();
		assertThat(Files.list(this.dir.resolve("blobs/ingest")).count()).isEqualTo(1);
		ContentStore reopened = new FileContentStore(this.dir);
		assertThat(Files.list(this.dir.resolve("blobs/ingest")).count()).isZero();
		assertThat(reopened.list()).containsExactly(kept);
		interrupted.close();
	}

	@Test
	void refusedAndAbortedIngestionsLeaveNoTemporaryFile() throws Exception {
		try (ContentStore.Ingestion ingestion = this.store.ingest()) {
			ingestion.stream().write(1);
			assertThat(Files.list(this.dir.resolve("blobs/ingest")).count()).isEqualTo(1);
			assertThatThrownBy(() -> ingestion.commit(sha256(new byte[] { 2 }), 1))
				.isInstanceOf(InvalidArgumentException.class);
		}
		try (ContentStore.Ingestion ingestion = this.store.ingest()) {
			ingestion.stream().write(3);
		}
		try (var files = Files.list(this.dir.resolve("blobs/ingest"))) {
			assertThat(files).isEmpty();
		}
		try (var files = Files.list(this.dir.resolve("blobs/sha256"))) {
			assertThat(files).isEmpty();
		}
	}

	@Test
	void listIgnoresFilesThatAreNotBlobs() throws Exception {
		Digest digest = this.store.write(new byte[] { 1 });
		Files.writeString(this.dir.resolve("blobs/sha256/not-a-digest"), "x");
		assertThat(this.store.list()).containsExactly(digest);
	}

}
