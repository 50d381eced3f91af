package dev.bulkhead.runtime.images;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The OCI image configuration (application/vnd.oci.image.config.v1+json); JSON names are
 * the spec's. Unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageConfig(String created, String author, String architecture, String os,
		@JsonProperty("config") Config config, @JsonProperty("rootfs") RootFs rootfs,
		@JsonProperty("history") List<History> history) {

	/** The execution parameters the image asks for. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Config(@JsonProperty("User") String user,
			@JsonProperty("ExposedPorts") Map<String, Object> exposedPorts, @JsonProperty("Env") List<String> env,
			@JsonProperty("Entrypoint") List<String> entrypoint, @JsonProperty("Cmd") List<String> cmd,
			@JsonProperty("Volumes") Map<String, Object> volumes, @JsonProperty("WorkingDir") String workingDir,
			@JsonProperty("Labels") Map<String, String> labels, @JsonProperty("StopSignal") String stopSignal,
			@JsonProperty("Healthcheck") Healthcheck healthcheck) {

		/** Without a health check. */
		public Config(String user, Map<String, Object> exposedPorts, List<String> env, List<String> entrypoint,
				List<String> cmd, Map<String, Object> volumes, String workingDir, Map<String, String> labels,
				String stopSignal) {
			this(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal, null);
		}

	}

	/**
	 * The image's HEALTHCHECK as docker records it: {@code Test} is {@code ["NONE"]},
	 * {@code ["CMD", args...]} or {@code ["CMD-SHELL", command]}; durations are in
	 * nanoseconds, 0 meaning the default.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Healthcheck(@JsonProperty("Test") List<String> test, @JsonProperty("Interval") Long interval,
			@JsonProperty("Timeout") Long timeout, @JsonProperty("StartPeriod") Long startPeriod,
			@JsonProperty("Retries") Integer retries) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record RootFs(@JsonProperty("type") String type, @JsonProperty("diff_ids") List<String> diffIds) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record History(String created, @JsonProperty("created_by") String createdBy, String author, String comment,
			@JsonProperty("empty_layer") Boolean emptyLayer) {
	}

}
