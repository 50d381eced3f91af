package dev.bulkhead.runtime.images;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;

/**
 * Finds the manifest that a reference ({@code busybox}, {@code busybox:1},
 * {@code app@sha256:...}), a full image id or a unique id prefix names, and turns a
 * manifest into the {@link Image} callers see.
 */
final class ImageLookup {

	private static final Pattern HEX_ID = Pattern.compile("[a-f0-9]{12,64}");

	private ImageLookup() {
	}

	static Digest find(ReferenceIndex current, ImageResolver resolver, String referenceOrId) {
		String value = (referenceOrId != null) ? referenceOrId.trim() : "";
		if (value.isEmpty()) {
			throw new InvalidArgumentException("an image reference or id is missing");
		}
		boolean explicitId = value.startsWith("sha256:");
		String reference = explicitId ? null : asReference(value);
		if (reference != null) {
			Digest manifest = current.references().get(reference);
			if (manifest != null) {
				return manifest;
			}
			int at = reference.indexOf('@');
			if (at >= 0) {
				Digest byDigest = Digest.parse(reference.substring(at + 1));
				if (current.manifests().contains(byDigest)) {
					return byDigest;
				}
			}
		}
		String hex = explicitId ? value.substring("sha256:".length()) : value;
		if (HEX_ID.matcher(hex).matches()) {
			Map<Digest, Digest> matches = new HashMap<>();
			for (Digest manifest : current.manifests()) {
				Digest id = resolver.resolve(manifest).configDigest();
				if (id.hex().startsWith(hex)) {
					matches.putIfAbsent(id, manifest);
				}
			}
			if (matches.size() > 1) {
				throw new InvalidArgumentException(
						"the id prefix '" + value + "' matches " + matches.size() + " images; give more digits");
			}
			if (matches.size() == 1) {
				return matches.values().iterator().next();
			}
		}
		else if (explicitId) {
			throw new InvalidArgumentException("'" + value + "' is not a valid image id; expected sha256: followed by "
					+ "12 to 64 lowercase hex digits");
		}
		throw new NotFoundException("image '" + value + "' is not on this host; load or pull it first");
	}

	/** The familiar form of a reference, or null when the text cannot be one. */
	static String asReference(String value) {
		if (value.startsWith("sha256:") || value.matches("[a-f0-9]{64}")) {
			return null;
		}
		try {
			return References.normalize(value);
		}
		catch (InvalidArgumentException ex) {
			// Not a reference; the caller tries it as an id next.
			return null;
		}
	}

	/** The image behind a manifest with every name that points at the same image id. */
	static Image toImage(ReferenceIndex current, ImageResolver resolver, Digest manifest) {
		ResolvedImage image = resolver.resolve(manifest);
		List<String> names = new ArrayList<>();
		current.references().forEach((name, target) -> {
			if (resolver.resolve(target).configDigest().equals(image.configDigest())) {
				names.add(name);
			}
		});
		return new Image(image.configDigest(), names, manifest, image.size(), created(image.config()), image.config(),
				image.topChainId());
	}

	private static Instant created(ImageConfig config) {
		if (config.created() == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(config.created()).toInstant();
		}
		catch (DateTimeParseException ex) {
			// The build time is the image's own claim and only shown; an unreadable one
			// is reported as unknown rather than making the image unusable.
			return null;
		}
	}

}
