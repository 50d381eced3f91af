package dev.bulkhead.runtime.registry;

import dev.bulkhead.runtime.images.References;

/**
 * An image reference taken apart as docker reads it: {@code busybox} is
 * {@code docker.io/library/busybox:latest}; a first path component with a '.' or ':' or
 * that is {@code localhost} names the registry host.
 *
 * @param registry the registry as written ({@code docker.io}, {@code 127.0.0.1:5000})
 * @param repository the repository on it ({@code library/busybox})
 * @param tag the tag, or null when pulled by digest alone
 * @param digest the manifest digest ({@code sha256:...}), or null
 * @param familiar the short form the image store keeps ({@code busybox:latest})
 */
public record ImageReference(String registry, String repository, String tag, String digest, String familiar) {

	public static final String DOCKER_HUB = "docker.io";

	/** Parses a reference; InvalidArgumentException says what is wrong with it. */
	public static ImageReference parse(String reference) {
		String familiar = References.normalize(reference);
		String rest = familiar;
		String digest = null;
		int at = rest.indexOf('@');
		if (at >= 0) {
			digest = rest.substring(at + 1);
			rest = rest.substring(0, at);
		}
		String tag = null;
		int colon = rest.lastIndexOf(':');
		if (colon > rest.lastIndexOf('/')) {
			tag = rest.substring(colon + 1);
			rest = rest.substring(0, colon);
		}
		String registry = DOCKER_HUB;
		String repository = rest;
		int slash = rest.indexOf('/');
		if (slash > 0) {
			String first = rest.substring(0, slash);
			if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
				registry = first;
				repository = rest.substring(slash + 1);
			}
		}
		if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
			repository = "library/" + repository;
		}
		return new ImageReference(registry, repository, tag, digest, familiar);
	}

	/**
	 * The host the distribution API is served from ({@code registry-1.docker.io} for
	 * Docker Hub).
	 */
	public String apiHost() {
		return this.registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : this.registry;
	}

	/** What the manifest is fetched by: the digest when given, else the tag. */
	public String manifestReference() {
		return (this.digest != null) ? this.digest : this.tag;
	}

	/** The fully qualified form ({@code docker.io/library/busybox:latest}). */
	public String fullName() {
		return this.registry + "/" + this.repository + ((this.tag != null) ? ":" + this.tag : "")
				+ ((this.digest != null) ? "@" + this.digest : "");
	}

	@Override
	public String toString() {
		return fullName();
	}

}
