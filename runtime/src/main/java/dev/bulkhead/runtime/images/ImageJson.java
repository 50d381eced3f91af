package dev.bulkhead.runtime.images;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Reading the JSON documents of an image (indexes, manifests, configs) that come from
 * outside, from an archive or a registry: bounded in size, and refused in words when they
 * do not have the expected shape.
 */
public final class ImageJson {

	private ImageJson() {
	}

	/**
	 * Parses {@code json} as {@code type}; {@code what} names the document in errors.
	 */
	public static <T> T parse(ObjectMapper mapper, byte[] json, int maxBytes, Class<T> type, String what) {
		if (json.length > maxBytes) {
			throw new InvalidArgumentException(what + " is larger than " + maxBytes + " bytes; refusing it");
		}
		try {
			return mapper.readValue(json, type);
		}
		catch (JacksonException ex) {
			throw new InvalidArgumentException(
					what + " is not valid JSON of the expected shape: " + ex.getOriginalMessage(), ex);
		}
	}

}
