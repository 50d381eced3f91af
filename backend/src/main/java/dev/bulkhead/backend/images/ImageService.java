package dev.bulkhead.backend.images;

import java.io.InputStream;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerManager;
import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.registry.ImagePuller;
import dev.bulkhead.runtime.registry.PullProgress;

/**
 * Images for every entry point: list, load, pull, inspect, remove.
 */
@Service
public class ImageService {

	private final ImageStore images;

	private final ContainerManager containers;

	private final ImagePuller puller;

	private final TeamAccess access;

	ImageService(ImageStore images, ContainerManager containers, ImagePuller puller, TeamAccess access) {
		this.images = images;
		this.containers = containers;
		this.puller = puller;
		this.access = access;
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
	 * Removes a reference or an image. Removing the last reference of an image that a
	 * container uses is refused unless forced.
	 */
	public void delete(String referenceOrId, boolean force) {
		this.access.requireImageChange("deleting an image");
		Image image = this.images.get(referenceOrId);
		boolean lastReference = image.references().size() <= 1 || referenceOrId.equals(image.id().toString())
				|| image.id().hex().startsWith(referenceOrId);
		if (lastReference && !force) {
			List<Container> users = this.containers.list()
				.stream()
				.filter((c) -> c.imageId().equals(image.id().toString()))
				.toList();
			if (!users.isEmpty()) {
				// Names of other teams' containers are not the caller's to see.
				Predicate<String> visible = this.access.visibleContainers();
				List<String> names = users.stream().filter((c) -> visible.test(c.id())).map(Container::name).toList();
				long others = users.size() - names.size();
				String who = String.join(", ", names) + ((others == 0) ? ""
						: (names.isEmpty() ? "" : " and ") + others + " container(s) of other teams");
				throw new ConflictException("image " + image.id().shortHex() + " is used by container(s) " + who
						+ "; remove them first or delete with force");
			}
		}
		this.images.delete(referenceOrId);
	}

}
