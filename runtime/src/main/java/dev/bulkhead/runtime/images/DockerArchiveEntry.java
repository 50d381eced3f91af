package dev.bulkhead.runtime.images;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One image in the {@code manifest.json} of a {@code docker save} archive: the config
 * file, the names, and the layer tars bottom first, all as paths inside the archive.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DockerArchiveEntry(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
		@JsonProperty("Layers") List<String> layers) {

	public DockerArchiveEntry {
		repoTags = (repoTags != null) ? List.copyOf(repoTags) : List.of();
		layers = (layers != null) ? List.copyOf(layers) : List.of();
	}

}
