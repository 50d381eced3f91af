package dev.bulkhead.runtime.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;

/**
 * A {@link ContentStore} on the local filesystem. Committed blobs live at
 * {@code <root>/blobs/sha256/<hex>} and are read-only (0444); an ingestion writes to a
 * temporary file under {@code <root>/blobs/ingest/}, which is verified, synced and
 * renamed into place on commit and deleted on abort or mismatch, so the blob directory
 * only ever holds complete, verified content.
 */
public final class FileContentStore implements ContentStore {

	private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");

	private final Path blobs;

	private final Path ingest;

	/**
	 * Opens the store, removing what ingestions of an earlier process left behind (a
	 * server killed in the middle of a pull): one data root has one server, so no
	 * ingestion file can be in use yet.
	 * @param root the directory holding {@code blobs/} (the data root); created when
	 * missing
	 */
	public FileContentStore(Path root) {
		this.blobs = root.resolve("blobs").resolve("sha256");
		this.ingest = root.resolve("blobs").resolve("ingest");
		try {
			Files.createDirectories(this.blobs);
			Files.createDirectories(this.ingest);
			try (Stream<Path> leftovers = Files.list(this.ingest)) {
				for (Path leftover : leftovers.toList()) {
					Files.deleteIfExists(leftover);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open the content store under " + root, ex);
		}
	}

	@Override
	public boolean exists(Digest digest) {
		return Files.isRegularFile(blobPath(digest));
	}

	@Override
	public InputStream open(Digest digest) {
		try {
			return Files.newInputStream(blobPath(digest));
		}
		catch (NoSuchFileException ex) {
			throw notFound(digest);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open blob " + digest, ex);
		}
	}

	@Override
	public Path path(Digest digest) {
		Path path = blobPath(digest);
		if (!Files.isRegularFile(path)) {
			throw notFound(digest);
		}
		return path;
	}

	@Override
	public long size(Digest digest) {
		try {
			return Files.size(blobPath(digest));
		}
		catch (NoSuchFileException ex) {
			throw notFound(digest);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the size of blob " + digest, ex);
		}
	}

	@Override
	public Ingestion ingest() {
		return new FileIngestion();
	}

	@Override
	public Digest write(byte[] content) {
		try (Ingestion ingestion = ingest()) {
			try {
				ingestion.stream().write(content);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot write a blob into " + this.ingest, ex);
			}
			return ingestion.commit(Digest.sha256(sha256Hex(content)), content.length);
		}
	}

	@Override
	public void delete(Digest digest) {
		try {
			Files.deleteIfExists(blobPath(digest));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot delete blob " + digest, ex);
		}
	}

	@Override
	public List<Digest> list() {
		try (Stream<Path> files = Files.list(this.blobs)) {
			List<Digest> digests = new ArrayList<>();
			files.map((file) -> file.getFileName().toString())
				.filter((name) -> HEX.matcher(name).matches())
				.sorted()
				.forEach((name) -> digests.add(Digest.sha256(name)));
			return digests;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list blobs in " + this.blobs, ex);
		}
	}

	private Path blobPath(Digest digest) {
		return this.blobs.resolve(digest.hex());
	}

	private static NotFoundException notFound(Digest digest) {
		return new NotFoundException("blob " + digest + " is not in the content store; load or pull the image again");
	}

	static String sha256Hex(byte[] content) {
		return HexFormat.of().formatHex(newSha256().digest(content));
	}

	static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform provides SHA-256", ex);
		}
	}

	private final class FileIngestion implements Ingestion {

		private final Path temp;

		private final MessageDigest sha256 = newSha256();

		private final CountingOutputStream stream;

		private boolean finished;

		FileIngestion() {
			try {
				this.temp = Files.createTempFile(FileContentStore.this.ingest, "ingest-", ".tmp");
				this.stream = new CountingOutputStream(new DigestOutputStream(
						Files.newOutputStream(this.temp, StandardOpenOption.WRITE), this.sha256));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot start an ingestion in " + FileContentStore.this.ingest, ex);
			}
		}

		@Override
		public OutputStream stream() {
			return this.stream;
		}

		@Override
		public Digest commit(Digest expected, long expectedSize) {
			if (this.finished) {
				throw new IllegalStateException("this ingestion was already committed or aborted");
			}
			try {
				this.stream.close();
				Digest actual = Digest.sha256(HexFormat.of().formatHex(this.sha256.digest()));
				if (expectedSize >= 0 && this.stream.count() != expectedSize) {
					throw new InvalidArgumentException("blob " + (expected != null ? expected : actual) + " has "
							+ this.stream.count() + " bytes but " + expectedSize
							+ " were expected; the content is truncated or corrupt, fetch it again");
				}
				if (expected != null && !expected.equals(actual)) {
					throw new InvalidArgumentException("digest mismatch: expected " + expected + " but the content is "
							+ actual + "; the content is corrupt or was altered, fetch it again");
				}
				moveIntoPlace(actual);
				return actual;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot commit a blob from " + this.temp, ex);
			}
			finally {
				close();
			}
		}

		@Override
		public Digest commit() {
			return commit(null, -1);
		}

		private void moveIntoPlace(Digest actual) throws IOException {
			try (FileChannel channel = FileChannel.open(this.temp, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			Files.setPosixFilePermissions(this.temp, PosixFilePermissions.fromString("r--r--r--"));
			Path target = blobPath(actual);
			if (Files.exists(target)) {
				// Same digest means same bytes: the blob is already here.
				return;
			}
			// rename(2) within one directory tree: atomic, and if a concurrent ingestion
			// of the same content got there first, replacing it changes no byte.
			Files.move(this.temp, target, StandardCopyOption.ATOMIC_MOVE);
		}

		@Override
		public void close() {
			if (this.finished) {
				return;
			}
			this.finished = true;
			try {
				this.stream.close();
				Files.deleteIfExists(this.temp);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot remove the ingestion file " + this.temp, ex);
			}
		}

	}

	private static final class CountingOutputStream extends java.io.FilterOutputStream {

		private long count;

		private boolean closed;

		CountingOutputStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
			this.count += len;
		}

		@Override
		public void close() throws IOException {
			if (!this.closed) {
				this.closed = true;
				super.close();
			}
		}

		long count() {
			return this.count;
		}

	}

}
