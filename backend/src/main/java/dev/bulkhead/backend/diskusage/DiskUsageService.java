package dev.bulkhead.backend.diskusage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.containers.ContainerService;
import dev.bulkhead.backend.images.ImageService;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.images.ImageDiskUsage;
import dev.bulkhead.runtime.snapshots.Snapshotter;

/**
 * Adds up what the platform holds on disk. Images are host-wide and shown to everyone
 * signed in; containers only as far as the caller may see them.
 */
@Service
public class DiskUsageService {

	private final ImageService images;

	private final ContainerService containers;

	private final Snapshotter snapshotter;

	DiskUsageService(ImageService images, ContainerService containers, Snapshotter snapshotter) {
		this.images = images;
		this.containers = containers;
		this.snapshotter = snapshotter;
	}

	public DiskUsage diskUsage() {
		ImageDiskUsage usage = this.images.diskUsage();
		Map<String, Long> perImage = this.images.containersPerImage();
		long unique = 0;
		List<DiskUsage.ImageEntry> images = new ArrayList<>();
		for (ImageDiskUsage.Entry entry : usage.images()) {
			unique += entry.uniqueBytes();
			images.add(new DiskUsage.ImageEntry(entry.image().id().toString(), entry.image().references(),
					entry.bytes(), entry.sharedBytes(), entry.uniqueBytes(),
					perImage.getOrDefault(entry.image().id().toString(), 0L).intValue()));
		}
		List<DiskUsage.ContainerEntry> containers = new ArrayList<>();
		long writable = 0;
		for (Container container : this.containers.list()) {
			long bytes = this.snapshotter.stat(container.id()).isPresent()
					? this.snapshotter.usage(container.id()).bytes() : 0;
			writable += bytes;
			containers.add(new DiskUsage.ContainerEntry(container.id(), container.name(), container.image(),
					container.state().wireName(), bytes));
		}
		return new DiskUsage(new DiskUsage.Images(images.size(), usage.totalBytes(), usage.blobBytes(),
				usage.layerBytes(), unique, usage.totalBytes() - unique, usage.reclaimableBytes(),
				usage.danglingReclaimableBytes(), images),
				new DiskUsage.Containers(containers.size(), writable, containers), volumes());
	}

	/**
	 * The volumes section lists the volumes the host has; no volume store exists yet, so
	 * there are none, and an empty list says exactly that.
	 */
	private static List<DiskUsage.Volume> volumes() {
		return List.of();
	}

}
