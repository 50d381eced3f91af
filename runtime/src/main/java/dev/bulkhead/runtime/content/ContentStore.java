package dev.bulkhead.runtime.content;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Blobs addressed by their digest (containerd's content store). Content is written
 * through an {@link Ingestion}: bytes go to a temporary file and are committed under
 * their digest only after the digest (and size, when known) has been verified, so a
 * reader never sees a partial or corrupt blob.
 */
public interface ContentStore {

	boolean exists(Digest digest);

	/** Opens a committed blob; throws NotFoundException when absent. */
	InputStream open(Digest digest);

	/**
	 * The file of a committed blob (read-only by convention); NotFoundException when
	 * absent.
	 */
	Path path(Digest digest);

	/** Size in bytes of a committed blob; NotFoundException when absent. */
	long size(Digest digest);

	/**
	 * Starts writing a new blob. Close the ingestion to abort it if it was not committed.
	 */
	Ingestion ingest();

	/**
	 * Writes a small blob in one call and returns its digest (verified on the way in).
	 */
	Digest write(byte[] content);

	/** Removes a blob; a missing blob is not an error. */
	void delete(Digest digest);

	/** Every committed blob. */
	List<Digest> list();

	/** An open write of one blob. */
	interface Ingestion extends AutoCloseable {

		OutputStream stream();

		/**
		 * Verifies the written bytes against the expected digest (and size, when not
		 * negative) and moves them into the store. Throws InvalidArgumentException on a
		 * mismatch, leaving nothing behind.
		 */
		Digest commit(Digest expected, long expectedSize);

		/** Commits under whatever digest the bytes have. */
		Digest commit();

		/** Aborts the ingestion if it was not committed. */
		@Override
		void close();

	}

}
