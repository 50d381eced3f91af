package dev.bulkhead.backend.images;

import java.io.InputStream;
import java.util.List;

import org.springframework.stereotype.Service;

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

	ImageService(ImageStore images, ContainerManager containers, ImagePuller puller) {
		this.images = images;
		this.containers = containers;
		this.puller = puller;
	}

	/**
	 * Reads what a pull of {@code reference} will fetch; errors here (a bad reference, an
	 * unknown tag, no room) come before any progress is reported.
	 */
	public ImagePuller.Plan preparePull(String reference) {
		return this.puller.resolve(reference);
	}

	public Image pull(ImagePuller.Plan plan, PullProgress.Listener listener) {
		return this.puller.pull(plan, listener);
	}

	public List<Image> list() {
		return this.images.list();
	}

	public Image get(String referenceOrId) {
		return this.images.get(referenceOrId);
	}

	public List<Image> load(InputStream tar) {
		return this.images.load(tar);
	}

	/**
	 * Removes a reference or an image. Removing the last reference of an image that a
	 * container uses is refused unless forced.
	 */
	public void delete(String referenceOrId, boolean force) {
		Image image = this.images.get(referenceOrId);
		boolean lastReference = image.references().size() <= 1 || referenceOrId.equals(image.id().toString())
				|| image.id().hex().startsWith(referenceOrId);
		if (lastReference && !force) {
			List<String> users = this.containers.list()
				.stream()
				.filter((c) -> c.imageId().equals(image.id().toString()))
				.map((c) -> c.name())
				.toList();
			if (!users.isEmpty()) {
				throw new ConflictException("image " + image.id().shortHex() + " is used by container(s) "
						+ String.join(", ", users) + "; remove them first or delete with force");
			}
		}
		this.images.delete(referenceOrId);
	}

}
