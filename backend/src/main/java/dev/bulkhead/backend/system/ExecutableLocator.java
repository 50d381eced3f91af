package dev.bulkhead.backend.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Finds a configured program: a value containing a slash is taken as a path, a bare name
 * is looked up on {@code PATH} the way a shell would.
 */
@Component
public class ExecutableLocator {

	private final String searchPath;

	public ExecutableLocator() {
		this(System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
	}

	ExecutableLocator(String searchPath) {
		this.searchPath = searchPath;
	}

	public Optional<Path> locate(String nameOrPath) {
		if (nameOrPath.contains("/")) {
			Path path = Path.of(nameOrPath).toAbsolutePath();
			return Files.isExecutable(path) && Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
		}
		for (String dir : this.searchPath.split(Pattern.quote(":"))) {
			if (dir.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(dir, nameOrPath);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}
