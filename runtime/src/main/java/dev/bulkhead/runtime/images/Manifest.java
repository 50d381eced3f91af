package dev.bulkhead.runtime.images;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An OCI image manifest (also read for Docker's schema 2 manifest, which has the same
 * shape): the config blob and the layers, bottom first. JSON names are the spec's.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(@JsonProperty("schemaVersion") int schemaVersion, @JsonProperty("mediaType") String mediaType,
		@JsonProperty("config") Descriptor config, @JsonProperty("layers") List<Descriptor> layers,
		@JsonProperty("annotations") Map<String, String> annotations) {

	public Manifest {
		layers = (layers != null) ? List.copyOf(layers) : List.of();
	}

}
