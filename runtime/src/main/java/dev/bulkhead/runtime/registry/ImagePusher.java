package dev.bulkhead.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.ObjectMapper;

import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.FailedPreconditionException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.UnavailableException;
import dev.bulkhead.runtime.images.Descriptor;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageJson;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.images.Manifest;
import dev.bulkhead.runtime.images.MediaTypes;

/**
 * Pushes local images to registries, byte for byte, so the pushed manifest has the local
 * image's digest. For each blob (config, then layers) it asks the registry whether the
 * target repository has it already; if not, and the image was pulled from another
 * repository of the same registry, it asks for a cross-repository mount; only then does
 * it upload, in one request or in chunks for large blobs. Layers go up in parallel (a
 * bounded number at once, over all pushes), then the config, and the manifest last, so a
 * failed push never leaves a tag naming missing blobs. Like a pull, it is two steps:
 * {@link #resolve} answers errors before any progress, {@link #push} reports per blob. It
 * holds no state between pushes; it owns the upload threads, which {@link #close()}
 * stops.
 */
public final class ImagePusher implements AutoCloseable {

	/** How many layers upload at once when the caller does not say. */
	public static final int DEFAULT_PARALLEL_UPLOADS = 3;

	private static final int MAX_JSON_BYTES = 4 << 20;

	private final RegistryClient registry;

	private final ContentStore content;

	private final ImageStore images;

	private final ObjectMapper mapper;

	private final ExecutorService uploads;

	public ImagePusher(RegistryClient registry, ContentStore content, ImageStore images, ObjectMapper mapper) {
		this(registry, content, images, mapper, DEFAULT_PARALLEL_UPLOADS);
	}

	/**
	 * @param parallelism how many layers upload at once, over all pushes
	 */
	public ImagePusher(RegistryClient registry, ContentStore content, ImageStore images, ObjectMapper mapper,
			int parallelism) {
		if (parallelism <= 0) {
			throw new IllegalArgumentException("parallelism must be positive, was " + parallelism);
		}
		this.registry = registry;
		this.content = content;
		this.images = images;
		this.mapper = mapper;
		AtomicInteger threads = new AtomicInteger();
		this.uploads = Executors.newFixedThreadPool(parallelism, (task) -> {
			Thread thread = new Thread(task, "image-push-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * What a push will send.
	 *
	 * @param image the local image
	 * @param target where it goes ({@code host/repository:tag})
	 * @param mediaType the manifest's media type
	 * @param manifest the manifest's bytes, as stored
	 * @param blobs the config, then the layers
	 * @param mountFrom a repository of the target's registry the image was pulled from,
	 * whose blobs can be mounted; empty when there is none
	 */
	public record Plan(Image image, ImageReference target, String mediaType, byte[] manifest, List<Descriptor> blobs,
			Optional<String> mountFrom) {
	}

	/**
	 * Finds the local image and checks that everything it needs to send is here.
	 * @param local a reference or id of a local image
	 * @param target where to push it, or null for the image's own reference
	 */
	public Plan resolve(String local, String target) {
		if (local == null || local.isBlank()) {
			throw new InvalidArgumentException("the image to push is missing; name a local image reference or id");
		}
		Image image = this.images.get(local);
		String destination = (target != null && !target.isBlank()) ? target : local;
		ImageReference reference = ImageReference.parse(destination);
		if (reference.digest() != null) {
			throw new InvalidArgumentException("the push target " + destination
					+ " names a digest; name a tag (host/repository:tag), the digest is the image's own");
		}
		byte[] manifestBytes = read(image.manifest());
		Manifest manifest = ImageJson.parse(this.mapper, manifestBytes, MAX_JSON_BYTES, Manifest.class,
				"the manifest of " + local);
		List<Descriptor> blobs = new ArrayList<>();
		blobs.add(manifest.config());
		blobs.addAll(manifest.layers());
		for (Descriptor blob : blobs) {
			if (!this.content.exists(blob.parsedDigest())) {
				throw new FailedPreconditionException("blob " + blob.digest() + " of " + local
						+ " is not in the content store, so the image cannot be pushed as it is; pull or load it again");
			}
		}
		String mediaType = (manifest.mediaType() != null) ? manifest.mediaType() : MediaTypes.OCI_MANIFEST;
		return new Plan(image, reference, mediaType, manifestBytes, List.copyOf(blobs), mountSource(image, reference));
	}

	/**
	 * Sends the blobs the target lacks (the layers in parallel, then the config), then
	 * the manifest; returns the manifest's digest. Progress on layers arrives on the
	 * upload threads, one blob's events in order.
	 */
	public Digest push(Plan plan, PullProgress.Listener listener) {
		for (int i = 0; i < plan.blobs().size(); i++) {
			Descriptor blob = plan.blobs().get(i);
			listener.onProgress(progress(blob, kind(i), 0, PullProgress.State.WAITING));
		}
		AtomicBoolean cancelled = new AtomicBoolean();
		List<Future<?>> layers = new ArrayList<>();
		for (Descriptor layer : plan.blobs().subList(1, plan.blobs().size())) {
			layers.add(this.uploads.submit(() -> {
				if (cancelled.get()) {
					throw new CancellationException();
				}
				send(plan, layer, "layer", listener);
			}));
		}
		awaitAll(plan, layers, cancelled);
		send(plan, plan.blobs().get(0), "config", listener);
		return this.registry.putManifest(plan.target(), plan.target().manifestReference(), plan.mediaType(),
				plan.manifest());
	}

	/** Stops the upload threads; pushes under way fail. */
	@Override
	public void close() {
		this.uploads.shutdownNow();
	}

	private void send(Plan plan, Descriptor blob, String kind, PullProgress.Listener listener) {
		Digest digest = blob.parsedDigest();
		if (this.registry.blobExists(plan.target(), digest)) {
			listener.onProgress(progress(blob, kind, blob.size(), PullProgress.State.EXISTS));
			return;
		}
		if (plan.mountFrom().isPresent() && this.registry.mountBlob(plan.target(), digest, plan.mountFrom().get())) {
			listener.onProgress(progress(blob, kind, blob.size(), PullProgress.State.MOUNTED));
			return;
		}
		this.registry.upload(plan.target(), digest, this.content.path(digest), this.content.size(digest),
				(sent) -> listener.onProgress(progress(blob, kind, sent, PullProgress.State.UPLOADING)));
		listener.onProgress(progress(blob, kind, blob.size(), PullProgress.State.DONE));
	}

	/**
	 * Waits for every layer upload; after the first failure, layers not yet started are
	 * skipped and that failure is thrown once the running ones have finished.
	 */
	private static void awaitAll(Plan plan, List<Future<?>> uploads, AtomicBoolean cancelled) {
		RuntimeException failure = null;
		for (Future<?> upload : uploads) {
			try {
				upload.get();
			}
			catch (ExecutionException ex) {
				cancelled.set(true);
				if (failure == null && !(ex.getCause() instanceof CancellationException)) {
					failure = (ex.getCause() instanceof RuntimeException runtime) ? runtime : new UnavailableException(
							"pushing to " + plan.target() + " failed: " + ex.getCause(), ex.getCause());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				cancelled.set(true);
				if (failure == null) {
					failure = new UnavailableException("the push to " + plan.target() + " was interrupted", ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/** A repository on the target's registry that a reference of the image names. */
	private static Optional<String> mountSource(Image image, ImageReference target) {
		for (String name : image.references()) {
			ImageReference source;
			try {
				source = ImageReference.parse(name);
			}
			catch (InvalidArgumentException ex) {
				continue;
			}
			if (source.registry().equals(target.registry()) && !source.repository().equals(target.repository())) {
				return Optional.of(source.repository());
			}
		}
		return Optional.empty();
	}

	private byte[] read(Digest digest) {
		try (InputStream in = this.content.open(digest)) {
			return in.readNBytes(MAX_JSON_BYTES + 1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("reading manifest " + digest + " failed", ex);
		}
	}

	private static String kind(int index) {
		return (index == 0) ? "config" : "layer";
	}

	private static PullProgress progress(Descriptor blob, String kind, long done, PullProgress.State state) {
		return new PullProgress(blob.digest(), kind, done, blob.size(), state);
	}

}
