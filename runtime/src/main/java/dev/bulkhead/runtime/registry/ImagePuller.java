package dev.bulkhead.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
import dev.bulkhead.runtime.images.ImageIndex;
import dev.bulkhead.runtime.images.ImageJson;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.images.Manifest;
import dev.bulkhead.runtime.images.MediaTypes;
import dev.bulkhead.runtime.images.Platform;
import dev.bulkhead.runtime.sys.Syscalls;

/**
 * Pulls images from registries into this host's stores. A pull is two steps so that a
 * caller can answer errors before it starts reporting progress: {@link #resolve} reads
 * the manifest (choosing this host's platform from an index) and checks that the blobs
 * fit on the data root; {@link #pull(Plan, PullProgress.Listener)} downloads the config
 * and layers on a small shared pool, verifying each blob's digest and size before it is
 * committed, skips blobs already present, and hands the image to the {@link ImageStore}
 * to unpack and name. A failed pull removes the blobs it committed and leaves the index
 * unchanged. It owns the download threads, which {@link #close()} stops.
 */
public final class ImagePuller implements AutoCloseable {

	private static final int MAX_JSON_BYTES = 4 << 20;

	private static final long REPORT_EVERY_BYTES = 256 * 1024;

	private final RegistryClient registry;

	private final ContentStore content;

	private final ImageStore images;

	private final ObjectMapper mapper;

	private final Platform platform;

	private final Syscalls syscalls;

	private final Path dataRoot;

	private final ExecutorService downloads;

	/**
	 * @param dataRoot the directory whose filesystem receives the blobs (for the free
	 * space check)
	 * @param parallelism how many blobs download at once, over all pulls
	 */
	public ImagePuller(RegistryClient registry, ContentStore content, ImageStore images, ObjectMapper mapper,
			Platform platform, Syscalls syscalls, Path dataRoot, int parallelism) {
		this.registry = registry;
		this.content = content;
		this.images = images;
		this.mapper = mapper;
		this.platform = platform;
		this.syscalls = syscalls;
		this.dataRoot = dataRoot;
		AtomicInteger threads = new AtomicInteger();
		this.downloads = Executors.newFixedThreadPool(parallelism, (task) -> {
			Thread thread = new Thread(task, "image-pull-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * What a pull will fetch: the reference, the platform's manifest as the registry
	 * served it, and the blobs (config first, then layers) it names.
	 */
	public record Plan(ImageReference reference, RegistryClient.FetchedManifest manifest, List<Descriptor> blobs) {

		/** Bytes still to download: the blobs not yet in the content store. */
		long missingBytes(ContentStore content) {
			return this.blobs.stream()
				.filter((blob) -> !content.exists(blob.parsedDigest()))
				.mapToLong(Descriptor::size)
				.sum();
		}

	}

	/** Resolves and pulls in one call. */
	public Image pull(String reference, PullProgress.Listener listener) {
		return pull(resolve(reference), listener);
	}

	/**
	 * Reads the manifest a reference names, choosing this host's platform when it names
	 * an index, and checks that the missing blobs fit on the data root.
	 */
	public Plan resolve(String reference) {
		ImageReference image = ImageReference.parse(reference);
		RegistryClient.FetchedManifest fetched = this.registry.manifest(image, image.manifestReference());
		if (MediaTypes.isIndex(fetched.mediaType())) {
			ImageIndex index = parse(fetched.bytes(), ImageIndex.class, "the image index of " + image);
			Descriptor chosen = index.manifests()
				.stream()
				.filter((d) -> d.mediaType() == null || MediaTypes.isManifest(d.mediaType()))
				.filter((d) -> this.platform.matches(d.platform()))
				.findFirst()
				.orElseThrow(() -> noPlatform(image, index));
			fetched = this.registry.manifest(image, chosen.digest());
		}
		if (!MediaTypes.isManifest(fetched.mediaType())) {
			throw new InvalidArgumentException(image + " is a '" + fetched.mediaType()
					+ "', not an OCI or Docker schema 2 image manifest; Bulkhead cannot pull it");
		}
		Manifest manifest = parse(fetched.bytes(), Manifest.class, "the manifest of " + image);
		if (manifest.config() == null) {
			throw new InvalidArgumentException("the manifest of " + image + " has no config; the image is malformed");
		}
		List<Descriptor> blobs = new ArrayList<>();
		blobs.add(manifest.config());
		for (Descriptor layer : manifest.layers()) {
			blobs.add(layer);
		}
		for (Descriptor blob : blobs) {
			blob.parsedDigest();
			if (blob.size() < 0) {
				throw new InvalidArgumentException(
						"the manifest of " + image + " gives blob " + blob.digest() + " a negative size");
			}
		}
		Plan plan = new Plan(image, fetched, List.copyOf(blobs));
		checkFreeSpace(plan);
		return plan;
	}

	private void checkFreeSpace(Plan plan) {
		long needed = plan.missingBytes(this.content);
		long available = this.syscalls.statfs(this.dataRoot).availableBytes();
		if (needed > available) {
			throw new FailedPreconditionException("pulling " + plan.reference() + " needs " + mebibytes(needed)
					+ " MiB for its blobs but the data root " + this.dataRoot + " has only " + mebibytes(available)
					+ " MiB available; delete unused images or free space and pull again");
		}
	}

	/**
	 * Downloads what the plan names and registers the image under the reference's
	 * familiar form. Progress arrives on the download threads.
	 */
	public Image pull(Plan plan, PullProgress.Listener listener) {
		return pull(plan, listener, new PullCancellation());
	}

	/**
	 * Pulls as {@link #pull(Plan, PullProgress.Listener)} does until {@code cancellation}
	 * is cancelled; then the downloads stop, what the pull wrote is removed and a
	 * {@link CancellationException} is thrown.
	 */
	public Image pull(Plan plan, PullProgress.Listener listener, PullCancellation cancellation) {
		List<Digest> added = Collections.synchronizedList(new ArrayList<>());
		try {
			Digest manifestDigest = plan.manifest().digest();
			if (!this.content.exists(manifestDigest)) {
				this.content.write(plan.manifest().bytes());
				added.add(manifestDigest);
			}
			downloadAll(plan, listener, added, cancellation);
			if (cancellation.isCancelled()) {
				throw cancelled(plan);
			}
		}
		catch (RuntimeException ex) {
			for (Digest blob : List.copyOf(added)) {
				try {
					this.content.delete(blob);
				}
				catch (RuntimeException cleanupFailure) {
					ex.addSuppressed(cleanupFailure);
				}
			}
			throw ex;
		}
		return this.images.register(plan.reference().familiar(), plan.manifest().digest(), List.copyOf(added));
	}

	private static CancellationException cancelled(Plan plan) {
		return new CancellationException("the pull of " + plan.reference() + " was cancelled");
	}

	private void downloadAll(Plan plan, PullProgress.Listener listener, List<Digest> added,
			PullCancellation cancellation) {
		AtomicBoolean cancelled = new AtomicBoolean();
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < plan.blobs().size(); i++) {
			Descriptor blob = plan.blobs().get(i);
			String kind = (i == 0) ? "config" : "layer";
			listener.onProgress(new PullProgress(blob.digest(), kind, 0, blob.size(), PullProgress.State.WAITING));
			futures.add(this.downloads
				.submit(() -> download(plan.reference(), blob, kind, listener, added, cancelled, cancellation)));
		}
		RuntimeException failure = null;
		for (Future<?> future : futures) {
			try {
				future.get();
			}
			catch (ExecutionException ex) {
				if (failure == null && !(ex.getCause() instanceof CancellationException)) {
					failure = (ex.getCause() instanceof RuntimeException runtime) ? runtime : new UnavailableException(
							"downloading " + plan.reference() + " failed: " + ex.getCause(), ex.getCause());
				}
				cancelled.set(true);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				cancelled.set(true);
				if (failure == null) {
					failure = new UnavailableException("the pull of " + plan.reference() + " was interrupted", ex);
				}
			}
		}
		if (cancellation.isCancelled()) {
			// The closed streams made the downloads fail; that is the cancel, not an
			// error.
			throw cancelled(plan);
		}
		if (failure != null) {
			throw failure;
		}
	}

	private void download(ImageReference image, Descriptor blob, String kind, PullProgress.Listener listener,
			List<Digest> added, AtomicBoolean cancelled, PullCancellation cancellation) {
		Digest digest = blob.parsedDigest();
		if (this.content.exists(digest)) {
			listener
				.onProgress(new PullProgress(blob.digest(), kind, blob.size(), blob.size(), PullProgress.State.EXISTS));
			return;
		}
		if (cancelled.get() || cancellation.isCancelled()) {
			throw new CancellationException();
		}
		long done = 0;
		try (ContentStore.Ingestion ingestion = this.content.ingest();
				InputStream in = this.registry.blob(image, digest)) {
			cancellation.enter(in);
			OutputStream out = ingestion.stream();
			byte[] buffer = new byte[64 * 1024];
			long reported = 0;
			int n;
			while ((n = in.read(buffer)) >= 0) {
				if (cancelled.get() || cancellation.isCancelled()) {
					throw new CancellationException();
				}
				if (done + n > blob.size()) {
					throw new InvalidArgumentException("the registry " + image.registry() + " sent more than the "
							+ blob.size() + " bytes the manifest gives " + kind + " " + digest + "; pull again");
				}
				out.write(buffer, 0, n);
				done += n;
				if (done - reported >= REPORT_EVERY_BYTES) {
					reported = done;
					listener.onProgress(
							new PullProgress(blob.digest(), kind, done, blob.size(), PullProgress.State.DOWNLOADING));
				}
			}
			try {
				ingestion.commit(digest, blob.size());
			}
			catch (InvalidArgumentException ex) {
				throw new InvalidArgumentException(
						kind + " " + digest + " of " + image + " failed verification: " + ex.getMessage(), ex);
			}
		}
		catch (IOException ex) {
			throw new UnavailableException("downloading " + kind + " " + digest + " of " + image + " broke off after "
					+ done + " of " + blob.size() + " bytes (" + ex.getMessage() + "); pull again", ex);
		}
		finally {
			cancellation.leave();
		}
		added.add(digest);
		listener.onProgress(new PullProgress(blob.digest(), kind, blob.size(), blob.size(), PullProgress.State.DONE));
	}

	private <T> T parse(byte[] json, Class<T> type, String what) {
		return ImageJson.parse(this.mapper, json, MAX_JSON_BYTES, type, what);
	}

	private InvalidArgumentException noPlatform(ImageReference image, ImageIndex index) {
		String available = index.platformsListed();
		return new InvalidArgumentException(image + " has no image for this host's platform " + this.platform
				+ " (it has " + (available.isEmpty() ? "no platform-tagged manifests" : available)
				+ "); pull an image built for " + this.platform);
	}

	private static long mebibytes(long bytes) {
		return (bytes + (1 << 20) - 1) >> 20;
	}

	@Override
	public void close() {
		this.downloads.shutdownNow();
	}

}
