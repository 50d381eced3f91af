package dev.bulkhead.runtime.images;

import java.util.Locale;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/** The tar formats an image can be saved in. */
public enum ArchiveFormat {

	/**
	 * {@code docker save}'s format: {@code manifest.json}, the config and uncompressed
	 * layer tars.
	 */
	DOCKER_ARCHIVE("docker-archive"),

	/**
	 * An OCI image layout: {@code oci-layout}, {@code index.json}, {@code blobs/sha256}.
	 */
	OCI("oci");

	private final String wireName;

	ArchiveFormat(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	/**
	 * The format named {@code docker-archive} or {@code oci}; null means docker-archive.
	 */
	public static ArchiveFormat parse(String name) {
		if (name == null || name.isBlank()) {
			return DOCKER_ARCHIVE;
		}
		for (ArchiveFormat format : values()) {
			if (format.wireName.equals(name.strip().toLowerCase(Locale.ROOT))) {
				return format;
			}
		}
		throw new InvalidArgumentException("format '" + name + "' is not known; use docker-archive or oci");
	}

}
