package dev.bulkhead.runtime.images;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An OCI image index: the {@code index.json} of an image layout, or a multi-platform list
 * of manifests. JSON names are the spec's.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageIndex(@JsonProperty("schemaVersion") int schemaVersion, @JsonProperty("mediaType") String mediaType,
		@JsonProperty("manifests") List<Descriptor> manifests,
		@JsonProperty("annotations") Map<String, String> annotations) {

	public ImageIndex {
		manifests = (manifests != null) ? List.copyOf(manifests) : List.of();
	}

	/**
	 * The platforms the index's manifests name, comma-separated in order, for messages
	 * that say what an image offers; empty when none names one.
	 */
	@JsonIgnore
	public String platformsListed() {
		return this.manifests.stream()
			.map(Descriptor::platform)
			.filter((p) -> p != null)
			.map(Platform::toString)
			.distinct()
			.collect(Collectors.joining(", "));
	}

}
