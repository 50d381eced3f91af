package dev.bulkhead.runtime.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link ContentStore} must have; each implementation's test extends
 * this class and says how to make a store.
 */
public abstract class ContentStoreContractTest {

	@TempDir
	Path dir;

	protected ContentStore store;

	protected abstract ContentStore createStore(Path root);

	@BeforeEach
	void createStore() {
		this.store = createStore(this.dir);
	}

	protected static Digest sha256(byte[] content) throws Exception {
		return Digest.sha256(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void writeReturnsTheSha256OfTheContent() throws Exception {
		byte[] content = bytes("hello, blob");
		assertThat(this.store.write(content)).isEqualTo(sha256(content));
	}

	@Test
	void committedBlobReadsBackTheSameBytes() throws Exception {
		byte[] content = bytes("layer bytes");
		Digest digest = this.store.write(content);
		try (InputStream in = this.store.open(digest)) {
			assertThat(in.readAllBytes()).isEqualTo(content);
		}
		assertThat(this.store.size(digest)).isEqualTo(content.length);
		assertThat(this.store.exists(digest)).isTrue();
		assertThat(this.store.path(digest)).hasBinaryContent(content);
	}

	@Test
	void ingestionWithMatchingDigestAndSizeIsCommitted() throws Exception {
		byte[] content = bytes("streamed content");
		try (ContentStore.Ingestion ingestion = this.store.ingest()) {
			ingestion.stream().write(content, 0, 5);
			ingestion.stream().write(content, 5, content.length - 5);
			assertThat(ingestion.commit(sha256(content), content.length)).isEqualTo(sha256(content));
		}
		assertThat(this.store.list()).containsExactly(sha256(content));
	}

	@Test
	void commitRefusesADigestMismatchNamingBothDigestsAndKeepsNothing() throws Exception {
		Digest expected = sha256(bytes("what the manifest promised"));
		Digest actual = sha256(bytes("what arrived"));
		try (ContentStore.Ingestion ingestion = this.store.ingest()) {
			ingestion.stream().write(bytes("what arrived"));
			assertThatThrownBy(() -> ingestion.commit(expected, -1)).isInstanceOf(InvalidArgumentException.class)
				.hasMessageContaining(expected.toString())
				.hasMessageContaining(actual.toString());
		}
		assertThat(this.store.list()).isEmpty();
		assertThat(this.store.exists(actual)).isFalse();
		assertThat(this.store.exists(expected)).isFalse();
	}

	@Test
	void commitRefusesASizeMismatchAndKeepsNothing() throws Exception {
		byte[] content = bytes("twelve bytes");
		try (ContentStore.Ingestion ingestion = this.store.ingest()) {
			ingestion.stream().write(content);
			assertThatThrownBy(() -> ingestion.commit(sha256(content), content.length + 1))
				.isInstanceOf(InvalidArgumentException.class)
				.hasMessageContaining(String.valueOf(content.length + 1));
		}
		assertThat(this.store.list()).isEmpty();
	}

	@Test
	void closingAnUncommittedIngestionKeepsNothing() throws IOException {
		try (ContentStore.Ingestion ingestion = this.store.ingest()) {
			ingestion.stream().write(bytes("abandoned"));
		}
		assertThat(this.store.list()).isEmpty();
	}

	@Test
	void commitWithoutExpectationStoresUnderTheContentsDigest() throws Exception {
		byte[] content = bytes("any content");
		try (ContentStore.Ingestion ingestion = this.store.ingest()) {
			ingestion.stream().write(content);
			assertThat(ingestion.commit()).isEqualTo(sha256(content));
		}
		assertThat(this.store.exists(sha256(content))).isTrue();
	}

	@Test
	void missingBlobIsNotFoundForOpenSizeAndPath() throws Exception {
		Digest missing = sha256(bytes("never written"));
		assertThat(this.store.exists(missing)).isFalse();
		assertThatThrownBy(() -> this.store.open(missing)).isInstanceOf(NotFoundException.class)
			.hasMessageContaining(missing.toString());
		assertThatThrownBy(() -> this.store.size(missing)).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.store.path(missing)).isInstanceOf(NotFoundException.class);
	}

	@Test
	void deleteRemovesTheBlobAndDeletingAMissingBlobIsNoError() throws Exception {
		Digest kept = this.store.write(bytes("kept"));
		Digest gone = this.store.write(bytes("gone"));
		this.store.delete(gone);
		this.store.delete(gone);
		assertThat(this.store.exists(gone)).isFalse();
		assertThat(this.store.list()).containsExactly(kept);
	}

	@Test
	void writingTheSameContentTwiceKeepsOneBlob() throws Exception {
		Digest first = this.store.write(bytes("same"));
		Digest second = this.store.write(bytes("same"));
		assertThat(first).isEqualTo(second);
		assertThat(this.store.list()).containsExactly(first);
	}

	@Test
	void listReturnsEveryCommittedBlob() throws Exception {
		Digest a = this.store.write(bytes("a"));
		Digest b = this.store.write(bytes("b"));
		Digest c = this.store.write(new byte[0]);
		assertThat(this.store.list()).containsExactlyInAnyOrder(a, b, c);
	}

	@Test
	void aNewStoreOnTheSameRootSeesCommittedBlobs() throws Exception {
		Digest digest = this.store.write(bytes("durable"));
		ContentStore reopened = createStore(this.dir);
		assertThat(reopened.exists(digest)).isTrue();
		assertThat(reopened.list()).containsExactly(digest);
	}

}
