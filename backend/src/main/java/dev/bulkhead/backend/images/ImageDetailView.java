package dev.bulkhead.backend.images;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.bulkhead.runtime.images.ImageConfig;
import dev.bulkhead.runtime.images.ImageDetail;

/**
 * An image as inspect shows it: the fields of the list (so scripts written against it
 * keep working) plus its repository tags and digests, platform, the whole run config, its
 * history, and each layer with its compressed and unpacked size.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ImageDetailView(String id, List<String> references, List<String> repoTags, List<String> repoDigests,
		String manifest, long size, long unpackedSize, Instant created, String author, String architecture, String os,
		Platform platform, String user, List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
		Map<String, String> labels, List<String> exposedPorts, List<String> volumes, String stopSignal,
		List<String> layers, List<Layer> layerDetails, List<History> history, int containers) {

	/** The platform the image is built for. */
	record Platform(String os, String architecture) {
	}

	/** One layer: the blob as stored and what it unpacked to. */
	record Layer(String digest, String mediaType, long size, long unpackedSize, String diffId, String chainId) {
	}

	/** One step of the image's build, as its config records it. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record History(String created, String createdBy, String author, String comment, Boolean emptyLayer) {
	}

	static ImageDetailView of(ImageDetail detail, long containers) {
		ImageConfig config = detail.image().config();
		ImageConfig.Config c = (config.config() != null) ? config.config()
				: new ImageConfig.Config(null, null, null, null, null, null, null, null, null);
		List<String> diffIds = (config.rootfs() != null && config.rootfs().diffIds() != null)
				? config.rootfs().diffIds() : List.of();
		List<Layer> layers = detail.layers()
			.stream()
			.map((l) -> new Layer(l.digest(), l.mediaType(), l.size(), l.unpackedSize(), l.diffId(), l.chainId()))
			.toList();
		List<History> history = (config.history() != null) ? config.history()
			.stream()
			.map((h) -> new History(h.created(), h.createdBy(), h.author(), h.comment(), h.emptyLayer()))
			.toList() : List.of();
		long unpacked = detail.layers().stream().mapToLong(ImageDetail.Layer::unpackedSize).sum();
		List<String> tags = detail.image().references().stream().filter((name) -> name.indexOf('@') < 0).toList();
		return new ImageDetailView(detail.image().id().toString(), detail.image().references(), tags,
				detail.repoDigests(), detail.image().manifest().toString(), detail.image().size(), unpacked,
				detail.image().created(), config.author(), config.architecture(), config.os(),
				new Platform(config.os(), config.architecture()), c.user(), c.env(), c.entrypoint(), c.cmd(),
				c.workingDir(), c.labels(), keys(c.exposedPorts()), keys(c.volumes()), c.stopSignal(), diffIds, layers,
				history, (int) containers);
	}

	private static List<String> keys(Map<String, Object> map) {
		return (map != null) ? new ArrayList<>(map.keySet()) : null;
	}

}
