package dev.bulkhead.backend.images;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageConfig;

/**
 * An image as the native API shows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ImageView(String id, List<String> references, String manifest, long size, Instant created, String architecture,
		String os, String user, List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
		Map<String, String> labels, List<String> layers) {

	static ImageView of(Image image) {
		ImageConfig config = image.config();
		ImageConfig.Config c = (config.config() != null) ? config.config()
				: new ImageConfig.Config(null, null, null, null, null, null, null, null, null);
		List<String> layers = (config.rootfs() != null && config.rootfs().diffIds() != null) ? config.rootfs().diffIds()
				: List.of();
		return new ImageView(image.id().toString(), image.references(), image.manifest().toString(), image.size(),
				image.created(), config.architecture(), config.os(), c.user(), c.env(), c.entrypoint(), c.cmd(),
				c.workingDir(), c.labels(), layers);
	}

}
