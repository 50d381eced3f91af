package dev.bulkhead.runtime.images;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bulkhead.runtime.content.Digest;

/**
 * An OCI content descriptor: what a manifest or index says about one blob it points at.
 * JSON names are the image spec's; unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Descriptor(@JsonProperty("mediaType") String mediaType, @JsonProperty("digest") String digest,
		@JsonProperty("size") long size, @JsonProperty("annotations") Map<String, String> annotations,
		@JsonProperty("platform") Platform platform) {

	/** The digest, parsed and validated (InvalidArgumentException when malformed). */
	@JsonIgnore
	public Digest parsedDigest() {
		return Digest.parse(this.digest);
	}

	/** An annotation's value, or null when absent. */
	@JsonIgnore
	public String annotation(String key) {
		return (this.annotations != null) ? this.annotations.get(key) : null;
	}

}
