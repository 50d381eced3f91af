package dev.bulkhead.runtime.images;

import java.util.regex.Pattern;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Image references in the familiar form docker shows: {@code busybox:latest} for
 * {@code docker.io/library/busybox:latest}, {@code user/app:1} for
 * {@code docker.io/user/app:1}, other registries kept as given, and {@code :latest} added
 * when no tag (and no digest) is given.
 */
public final class References {

	private static final Pattern NAME = Pattern
		.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

	private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]+)?|\\[[0-9A-Fa-f:]+\\](?::[0-9]+)?");

	private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

	private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

	private References() {
	}

	/** The familiar form of a reference; InvalidArgumentException when malformed. */
	public static String normalize(String reference) {
		String value = (reference != null) ? reference.trim() : "";
		if (value.isEmpty()) {
			throw new InvalidArgumentException(
					"an image reference is missing; expected name[:tag], e.g. busybox:latest");
		}
		String digest = null;
		int at = value.indexOf('@');
		if (at >= 0) {
			digest = value.substring(at + 1);
			value = value.substring(0, at);
			if (!DIGEST.matcher(digest).matches()) {
				throw invalid(reference, "the digest after '@' must be sha256: followed by 64 lowercase hex digits");
			}
		}
		String tag = null;
		int colon = value.lastIndexOf(':');
		if (colon > value.lastIndexOf('/')) {
			tag = value.substring(colon + 1);
			value = value.substring(0, colon);
			if (!TAG.matcher(tag).matches()) {
				throw invalid(reference, "the tag '" + tag + "' is not valid");
			}
		}
		String domain = null;
		String path = value;
		int slash = value.indexOf('/');
		if (slash > 0) {
			String first = value.substring(0, slash);
			if (first.contains(".") || first.contains(":") || first.equals("localhost")
					|| !first.equals(first.toLowerCase())) {
				domain = first;
				path = value.substring(slash + 1);
			}
		}
		if (domain != null && !DOMAIN.matcher(domain).matches()) {
			throw invalid(reference, "the registry '" + domain + "' is not a valid host[:port]");
		}
		if (!NAME.matcher(path).matches()) {
			throw invalid(reference,
					"the repository '" + path + "' must be lowercase letters, digits and separators (. _ - /)");
		}
		if (domain != null && (domain.equals("docker.io") || domain.equals("index.docker.io"))) {
			domain = null;
		}
		if (domain == null && path.startsWith("library/") && path.indexOf('/', "library/".length()) < 0) {
			path = path.substring("library/".length());
		}
		StringBuilder familiar = new StringBuilder();
		if (domain != null) {
			familiar.append(domain).append('/');
		}
		familiar.append(path);
		if (tag != null || digest == null) {
			familiar.append(':').append((tag != null) ? tag : "latest");
		}
		if (digest != null) {
			familiar.append('@').append(digest);
		}
		return familiar.toString();
	}

	private static InvalidArgumentException invalid(String reference, String why) {
		return new InvalidArgumentException("'" + reference + "' is not a valid image reference: " + why);
	}

}
