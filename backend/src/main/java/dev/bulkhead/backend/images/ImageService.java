package dev.bulkhead.backend.images;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerManager;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.images.ArchiveFormat;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageDetail;
import dev.bulkhead.runtime.images.ImageDiskUsage;
import dev.bulkhead.runtime.images.ImageRemoval;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.images.ImportOptions;
import dev.bulkhead.runtime.images.References;
import dev.bulkhead.runtime.registry.ImagePuller;
import dev.bulkhead.runtime.registry.PullProgress;

/**
 * Images for every entry point: list, load, pull, import, inspect, tag, remove, prune,
 * save and disk use. Reading is open to anyone signed in (images are host-wide); changes
 * need the developer role in some team ({@link TeamAccess#requireImageChange}).
 */
@Service
public class ImageService {

	private final ImageStore images;

	private final ContainerManager containers;

	private final ImagePuller puller;

	private final TeamAccess access;

	private final PullRegistry pulls;

	ImageService(ImageStore images, ContainerManager containers, ImagePuller puller, TeamAccess access,
			PullRegistry pulls) {
		this.images = images;
		this.containers = containers;
		this.puller = puller;
		this.access = access;
		this.pulls = pulls;
	}

	/**
	 * Reads what a pull of {@code reference} will fetch; errors here (a bad reference, an
	 * unknown tag, no room) come before any progress is reported.
	 */
	public ImagePuller.Plan preparePull(String reference) {
		this.access.requireImageChange("pulling an image");
		return this.puller.resolve(reference);
	}

	public Image pull(ImagePuller.Plan plan, PullProgress.Listener listener) {
		this.access.requireImageChange("pulling an image");
		return this.puller.pull(plan, listener);
	}

	/**
	 * Records a pull the caller starts so that they can list and cancel it; close the
	 * result when the pull ends.
	 */
	public PullRegistry.Running startPull(ImagePuller.Plan plan) {
		return this.pulls.start(this.access.caller().username(), plan.reference().toString());
	}

	/**
	 * Pulls, recording progress in {@code running} and stopping with a
	 * {@link java.util.concurrent.CancellationException} when it is cancelled.
	 */
	public Image pull(ImagePuller.Plan plan, PullProgress.Listener listener, PullRegistry.Running running) {
		this.access.requireImageChange("pulling an image");
		PullProgress.Listener both = (progress) -> {
			running.onProgress(progress);
			listener.onProgress(progress);
		};
		return this.puller.pull(plan, both, running.cancellation());
	}

	/** The caller's running pulls; every pull for an administrator. */
	public List<PullRegistry.Running> runningPulls() {
		this.access.requireImageChange("listing pulls");
		return this.pulls.visibleTo(this.access.caller().username(), this.access.isAdmin());
	}

	/** Cancels one of the caller's pulls (any pull for an administrator). */
	public PullRegistry.Running cancelPull(String id) {
		this.access.requireImageChange("cancelling a pull");
		return this.pulls.cancel(id, this.access.caller().username(), this.access.isAdmin());
	}

	public List<Image> list() {
		return this.images.list();
	}

	public Image get(String referenceOrId) {
		return this.images.get(referenceOrId);
	}

	public List<Image> load(InputStream tar) {
		this.access.requireImageChange("loading an image");
		return this.images.load(tar);
	}

	/**
	 * Removes a reference or an image. Removing the last reference of an image (or the
	 * image by id) while a container uses it is refused, naming the containers the caller
	 * may see, unless forced; forced, the image loses its names and stays until its
	 * containers are gone.
	 */
	public ImageRemoval delete(String referenceOrId, boolean force) {
		this.access.requireImageChange("removing an image");
		Image image = this.images.get(referenceOrId);
		if (!force && !isOneOfSeveralNames(referenceOrId, image)) {
			List<Container> users = this.containers.list()
				.stream()
				.filter((c) -> image.id().toString().equals(c.imageId()))
				.toList();
			if (!users.isEmpty()) {
				throw new ConflictException("image " + describe(referenceOrId, image) + " is used by "
						+ containerNames(users) + "; remove them first, or remove the image with force=true to take "
						+ "its names away and keep it until they are gone");
			}
		}
		return this.images.remove(referenceOrId, force, imagesInUse());
	}

	/** The ids of the images containers (of every team) were created from. */
	private Set<Digest> imagesInUse() {
		Set<Digest> ids = new HashSet<>();
		for (Container container : this.containers.list()) {
			if (container.imageId() != null) {
				ids.add(Digest.parse(container.imageId()));
			}
		}
		return ids;
	}

	/**
	 * How many containers (of every team: images are host-wide) each image id has, as
	 * {@code docker system df} counts them.
	 */
	public Map<String, Long> containersPerImage() {
		Map<String, Long> counts = new HashMap<>();
		for (Container container : this.containers.list()) {
			if (container.imageId() != null) {
				counts.merge(container.imageId(), 1L, Long::sum);
			}
		}
		return counts;
	}

	private static boolean isOneOfSeveralNames(String referenceOrId, Image image) {
		try {
			return image.references().size() > 1 && image.references().contains(References.normalize(referenceOrId));
		}
		catch (InvalidArgumentException ex) {
			// Not a reference (an id): the whole image goes.
			return false;
		}
	}

	private static String describe(String referenceOrId, Image image) {
		return image.references().contains(referenceOrId) ? referenceOrId
				: referenceOrId + " (" + image.id().shortHex() + ")";
	}

	/**
	 * The containers by name where the caller may see them; another team's only as such,
	 * so that its names do not leak.
	 */
	private String containerNames(List<Container> users) {
		Predicate<String> visible = this.access.visibleContainers();
		List<String> names = users.stream()
			.filter((c) -> visible.test(c.id()))
			.map((c) -> "container " + c.name())
			.toList();
		long others = users.size() - names.size();
		List<String> parts = new ArrayList<>(names);
		if (others == 1) {
			parts.add("a container of another team");
		}
		else if (others > 1) {
			parts.add(others + " containers of other teams");
		}
		return String.join(", ", parts);
	}

	public ImageDetail inspect(String referenceOrId) {
		return this.images.inspect(referenceOrId);
	}

	/**
	 * Refuses a change to images, before its input is read, to a caller who may not make
	 * it.
	 */
	public void requireChange(String what) {
		this.access.requireImageChange(what);
	}

	/** Points {@code target} at the image. */
	public Image tag(String referenceOrId, String target) {
		this.access.requireImageChange("tagging an image");
		if (target == null || target.isBlank()) {
			throw new InvalidArgumentException("'target' is required: the name[:tag] to give the image");
		}
		return this.images.tag(referenceOrId, target);
	}

	/**
	 * Removes untagged images, or with {@code all} every image, that no container uses.
	 */
	public ImageRemoval prune(boolean all) {
		this.access.requireImageChange("pruning images");
		return this.images.prune(all, imagesInUse());
	}

	public ImageDiskUsage diskUsage() {
		return this.images.diskUsage(imagesInUse());
	}

	/**
	 * Finds the image to save, so that a missing one is an error before the first byte of
	 * the tar.
	 */
	public Image prepareSave(String referenceOrId) {
		return this.images.get(referenceOrId);
	}

	public void save(String referenceOrId, ArchiveFormat format, OutputStream out) {
		this.images.save(referenceOrId, format, out);
	}

	public Image importRootfs(InputStream tar, ImportOptions options) {
		this.access.requireImageChange("importing an image");
		return this.images.importRootfs(tar, options);
	}

}
