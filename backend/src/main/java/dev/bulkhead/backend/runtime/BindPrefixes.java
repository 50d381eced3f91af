package dev.bulkhead.backend.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * The host directories an admin opened to bind mounts
 * ({@code bulkhead.volumes.bind-prefixes}), as real absolute paths: the runtime checks
 * mounts against them and the policy verdict names them.
 *
 * @param paths the prefixes; empty means no host path may be bind-mounted without an
 * exception
 */
public record BindPrefixes(List<Path> paths) {

	public BindPrefixes {
		paths = List.copyOf(paths);
	}

}
