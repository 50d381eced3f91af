package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.snapshots.Snapshotter;

/**
 * Turns an image's layers into its chain of committed snapshots, each layer unpacked into
 * an active snapshot that is committed under its chain id (layers already there are
 * reused), and undoes exactly what one load made when it fails.
 */
final class LayerSnapshots {

	private final ContentStore content;

	private final Snapshotter snapshotter;

	private final LayerUnpacker unpacker;

	private final ImageResolver resolver;

	LayerSnapshots(ContentStore content, Snapshotter snapshotter, LayerUnpacker unpacker, ImageResolver resolver) {
		this.content = content;
		this.snapshotter = snapshotter;
		this.unpacker = unpacker;
		this.resolver = resolver;
	}

	/**
	 * A registered image must be whole: every blob present and one diff id per layer, or
	 * a container would later fail on a missing lower layer.
	 */
	void checkComplete(String name, Digest manifestDigest) {
		ResolvedImage image = this.resolver.resolve(manifestDigest);
		if (image.chainIds().size() != image.manifest().layers().size()) {
			throw new InvalidArgumentException("image " + name + " has " + image.manifest().layers().size()
					+ " layers but its config lists " + image.chainIds().size() + " diff ids; the image is malformed");
		}
		for (Digest blob : image.blobs(manifestDigest)) {
			if (!this.content.exists(blob)) {
				throw new NotFoundException(
						"blob " + blob + " of image " + name + " is not in the content store; pull the image again");
			}
		}
	}

	void unpack(List<String> references, Digest manifest, Unpacking unpacking) {
		ResolvedImage resolved = this.resolver.resolve(manifest);
		String name = references.isEmpty() ? manifest.toString() : references.get(0);
		String parent = null;
		for (int i = 0; i < resolved.chainIds().size(); i++) {
			String chainId = resolved.chainIds().get(i);
			if (this.snapshotter.stat(chainId).isEmpty()) {
				Descriptor layer = resolved.manifest().layers().get(i);
				Digest diffId = Digest.parse(resolved.config().rootfs().diffIds().get(i));
				String key = ReferenceCounts.EXTRACT_PREFIX + UUID.randomUUID();
				this.snapshotter.prepare(key, parent);
				unpacking.active = key;
				try (InputStream in = this.content.open(layer.parsedDigest())) {
					this.unpacker.unpack(in, this.snapshotter.applyDir(key), diffId);
				}
				catch (InvalidArgumentException ex) {
					throw new InvalidArgumentException(
							"image " + name + ", layer " + (i + 1) + " (" + layer.digest() + "): " + ex.getMessage(),
							ex);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("cannot read layer " + layer.digest(), ex);
				}
				this.snapshotter.commit(chainId, key);
				unpacking.active = null;
				unpacking.committed.add(chainId);
			}
			parent = chainId;
		}
	}

	void rollback(RuntimeException failure, Unpacking unpacking, List<Digest> added) {
		List<Runnable> steps = new ArrayList<>();
		if (unpacking.active != null) {
			String active = unpacking.active;
			steps.add(() -> this.snapshotter.remove(active));
		}
		for (int i = unpacking.committed.size() - 1; i >= 0; i--) {
			String chainId = unpacking.committed.get(i);
			steps.add(() -> this.snapshotter.remove(chainId));
		}
		for (Digest blob : added) {
			steps.add(() -> this.content.delete(blob));
			steps.add(() -> this.resolver.forget(blob));
		}
		for (Runnable step : steps) {
			try {
				step.run();
			}
			catch (RuntimeException cleanupFailure) {
				failure.addSuppressed(cleanupFailure);
			}
		}
	}

	/** The snapshots one load or register made so far, for its rollback. */
	static final class Unpacking {

		private final List<String> committed = new ArrayList<>();

		private String active;

	}

}
