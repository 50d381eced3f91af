/**
 * The content-addressed blob store under {@code <data-root>/blobs/sha256}: ingest,
 * verify, commit.
 */
package dev.bulkhead.runtime.content;
