package dev.bulkhead.runtime.images;

import java.util.List;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * What {@code docker import} lets one set on an image made from a root filesystem tar.
 *
 * @param reference the name to give it (null: untagged)
 * @param cmd the default command (null: none)
 * @param entrypoint the entrypoint (null: none)
 * @param env environment variables {@code NAME=value} (null: none)
 */
public record ImportOptions(String reference, List<String> cmd, List<String> entrypoint, List<String> env) {

	public ImportOptions {
		cmd = (cmd != null) ? List.copyOf(cmd) : null;
		entrypoint = (entrypoint != null) ? List.copyOf(entrypoint) : null;
		env = (env != null) ? List.copyOf(env) : null;
		if (env != null) {
			for (int i = 0; i < env.size(); i++) {
				if (env.get(i).indexOf('=') < 1) {
					throw new InvalidArgumentException(
							"env[" + i + "] '" + env.get(i) + "' must be NAME=value, e.g. PATH=/usr/bin:/bin");
				}
			}
		}
	}

}
