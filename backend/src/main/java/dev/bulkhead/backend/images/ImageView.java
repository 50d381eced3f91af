package dev.bulkhead.backend.images;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageConfig;
import dev.bulkhead.runtime.images.ImageDiskUsage;

/**
 * An image as the native API lists it. {@code layers} are the diff ids; the sizes
 * ({@code diskBytes}: blobs plus unpacked layers; {@code sharedBytes} with other images;
 * {@code uniqueBytes}: what removing it frees) and the number of containers built on it
 * are in the list, not in the answer to a load or pull.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ImageView(String id, List<String> references, String manifest, long size, Instant created, String architecture,
		String os, String user, List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
		Map<String, String> labels, List<String> layers, Long diskBytes, Long sharedBytes, Long uniqueBytes,
		Integer containers) {

	static ImageView of(ImageDiskUsage.Entry usage, long containers) {
		return of(usage.image(), usage, containers);
	}

	static ImageView of(Image image) {
		return of(image, null, 0);
	}

	private static ImageView of(Image image, ImageDiskUsage.Entry usage, long containers) {
		ImageConfig config = image.config();
		ImageConfig.Config c = (config.config() != null) ? config.config()
				: new ImageConfig.Config(null, null, null, null, null, null, null, null, null);
		List<String> layers = (config.rootfs() != null && config.rootfs().diffIds() != null) ? config.rootfs().diffIds()
				: List.of();
		return new ImageView(image.id().toString(), image.references(), image.manifest().toString(), image.size(),
				image.created(), config.architecture(), config.os(), c.user(), c.env(), c.entrypoint(), c.cmd(),
				c.workingDir(), c.labels(), layers, (usage != null) ? usage.bytes() : null,
				(usage != null) ? usage.sharedBytes() : null, (usage != null) ? usage.uniqueBytes() : null,
				(usage != null) ? (int) containers : null);
	}

}
