package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.InternalException;

/**
 * Reads the manifest and config behind a manifest digest from the content store, once:
 * blobs are immutable, so the answer is cached until the blob is deleted.
 */
final class ImageResolver {

	private final ContentStore content;

	private final ObjectMapper mapper;

	private final Map<Digest, ResolvedImage> resolved = new ConcurrentHashMap<>();

	ImageResolver(ContentStore content, ObjectMapper mapper) {
		this.content = content;
		this.mapper = mapper;
	}

	ResolvedImage resolve(Digest manifestDigest) {
		return this.resolved.computeIfAbsent(manifestDigest, (digest) -> {
			Manifest manifest = readJson(digest, Manifest.class);
			Digest configDigest = manifest.config().parsedDigest();
			ImageConfig config = readJson(configDigest, ImageConfig.class);
			List<String> diffIds = (config.rootfs() != null && config.rootfs().diffIds() != null)
					? config.rootfs().diffIds() : List.of();
			long size = manifest.layers().stream().mapToLong(Descriptor::size).sum();
			return new ResolvedImage(manifest, configDigest, config, ChainIds.of(diffIds), size);
		});
	}

	/** Forgets a blob that was deleted from the content store. */
	void forget(Digest digest) {
		this.resolved.remove(digest);
	}

	private <T> T readJson(Digest digest, Class<T> type) {
		try (InputStream in = this.content.open(digest)) {
			return this.mapper.readValue(in, type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read blob " + digest, ex);
		}
		catch (JacksonException ex) {
			throw new InternalException("blob " + digest + " in the content store is not a valid "
					+ type.getSimpleName() + "; delete the image and load it again", ex);
		}
	}

}
