package dev.bulkhead.runtime.images;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.events.Event;
import dev.bulkhead.runtime.events.EventSink;

/**
 * An {@link ImageStore} that reports what changes the images on this host as
 * {@code image} events: {@code pull} (a pull registers its manifest), {@code load},
 * {@code import}, {@code tag}, {@code untag} and {@code delete}, as docker names them.
 */
public final class EventingImageStore implements ImageStore {

	private final ImageStore images;

	private final EventSink events;

	public EventingImageStore(ImageStore images, EventSink events) {
		this.images = images;
		this.events = events;
	}

	@Override
	public List<Image> list() {
		return this.images.list();
	}

	@Override
	public Image get(String referenceOrId) {
		return this.images.get(referenceOrId);
	}

	@Override
	public List<Image> load(InputStream tar) {
		List<Image> loaded = this.images.load(tar);
		loaded.forEach((image) -> publish("load", image.id().toString(), firstReference(image)));
		return loaded;
	}

	@Override
	public Image register(String reference, Digest manifest, List<Digest> added) {
		Image image = this.images.register(reference, manifest, added);
		publish("pull", image.id().toString(), reference);
		return image;
	}

	@Override
	public void delete(String referenceOrId) {
		Image image = this.images.get(referenceOrId);
		this.images.delete(referenceOrId);
		publish("delete", image.id().toString(), firstReference(image));
	}

	@Override
	public ImageDetail inspect(String referenceOrId) {
		return this.images.inspect(referenceOrId);
	}

	@Override
	public Image tag(String referenceOrId, String target) {
		Image image = this.images.tag(referenceOrId, target);
		publish("tag", image.id().toString(), target);
		return image;
	}

	@Override
	public ImageRemoval remove(String referenceOrId, boolean force, Set<Digest> inUse) {
		return published(this.images.remove(referenceOrId, force, inUse));
	}

	@Override
	public ImageRemoval prune(boolean all, Set<Digest> inUse) {
		return published(this.images.prune(all, inUse));
	}

	@Override
	public ImageDiskUsage diskUsage(Set<Digest> inUse) {
		return this.images.diskUsage(inUse);
	}

	@Override
	public void save(String referenceOrId, ArchiveFormat format, OutputStream out) {
		this.images.save(referenceOrId, format, out);
	}

	@Override
	public Image importRootfs(InputStream tar, ImportOptions options) {
		Image image = this.images.importRootfs(tar, options);
		publish("import", image.id().toString(), firstReference(image));
		return image;
	}

	private ImageRemoval published(ImageRemoval removal) {
		removal.untagged().forEach((reference) -> publish("untag", reference, reference));
		removal.deleted().forEach((digest) -> publish("delete", digest.toString(), null));
		return removal;
	}

	private void publish(String action, String id, String name) {
		try {
			this.events.publish(Event.now(Event.IMAGE, action, id, (name != null) ? Map.of("name", name) : Map.of()));
		}
		catch (RuntimeException ex) {
			// an image change must not fail for its record
		}
	}

	private static String firstReference(Image image) {
		return image.references().isEmpty() ? null : image.references().get(0);
	}

}
