package dev.bulkhead.runtime.volumes;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One volume as recorded in {@code <data-root>/volumes/<name>/volume.json}.
 *
 * @param driver always {@code local}: a directory on the data root's filesystem
 * @param owner the team that owns it, as the server named it; null for a volume made
 * without one (by the runtime used as a library)
 * @param anonymous made for an image's {@code VOLUME} entry rather than by name
 * @param populated the volume has been mounted into a container at least once, so the
 * image's content is no longer copied into it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Volume(String name, String driver, Map<String, String> labels, Instant created, Owner owner,
		boolean anonymous, boolean populated) {

	public static final String LOCAL_DRIVER = "local";

	public Volume {
		labels = (labels != null) ? Map.copyOf(labels) : Map.of();
	}

	Volume markPopulated() {
		return new Volume(this.name, this.driver, this.labels, this.created, this.owner, this.anonymous, true);
	}

	/**
	 * The team that owns a volume.
	 *
	 * @param teamId the server's id of the team
	 * @param teamName its name when the volume was made
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Owner(Long teamId, String teamName) {
	}

}
