package dev.bulkhead.runtime.containers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One mount a container asks for.
 *
 * @param type {@code volume} (a named or anonymous volume), {@code bind} (a host path
 * under an allowed prefix) or {@code tmpfs}
 * @param source the volume's name or the host path; none for tmpfs (and for a volume,
 * none makes an anonymous one)
 * @param target the absolute path inside the container
 * @param readOnly mount it read-only
 * @param tmpfsSizeBytes the size of a tmpfs (default 64 MiB)
 * @param tmpfsMode the octal mode of a tmpfs's root (default {@code 1777})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MountSpec(String type, String source, String target, Boolean readOnly, Long tmpfsSizeBytes,
		String tmpfsMode) {

	public static final String VOLUME = "volume";

	public static final String BIND = "bind";

	public static final String TMPFS = "tmpfs";

	public boolean isReadOnly() {
		return Boolean.TRUE.equals(this.readOnly);
	}

	MountSpec withSource(String source) {
		return new MountSpec(this.type, source, this.target, this.readOnly, this.tmpfsSizeBytes, this.tmpfsMode);
	}

}
