package dev.bulkhead.security.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Bulkhead's security data from the classpath: the default seccomp profile, the
 * masked and read-only paths, and the policy levels. Each resource is parsed once, on
 * first use, and every returned value is immutable.
 */
public final class SecurityProfiles {

	/** The level a container gets when it does not name one. */
	public static final String DEFAULT_LEVEL = "restricted";

	// Strictest first; each has a resource levels/<name>.json.
	private static final List<String> LEVEL_NAMES = List.of("restricted", "baseline", "privileged");

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private SecurityProfiles() {
	}

	/**
	 * Bulkhead's default seccomp profile, ready for the OCI {@code linux.seccomp} field.
	 * @return the parsed profile
	 */
	public static SeccompProfile defaultSeccomp() {
		return DefaultSeccomp.PROFILE;
	}

	/**
	 * Paths in /proc and /sys hidden from containers, for OCI {@code linux.maskedPaths}.
	 * @return an immutable list of absolute paths
	 */
	public static List<String> maskedPaths() {
		return ProtectedPaths.PATHS.maskedPaths();
	}

	/**
	 * Paths in /proc made read-only in containers, for OCI {@code linux.readonlyPaths}.
	 * @return an immutable list of absolute paths
	 */
	public static List<String> readonlyPaths() {
		return ProtectedPaths.PATHS.readonlyPaths();
	}

	/**
	 * The policy level with the given name, ignoring case.
	 * @param name a level name such as {@code restricted}
	 * @return the level
	 * @throws IllegalArgumentException if no level has that name
	 */
	public static PolicyLevel level(String name) {
		PolicyLevel level = (name != null) ? Levels.BY_NAME.get(name.strip().toLowerCase(Locale.ROOT)) : null;
		if (level == null) {
			throw new IllegalArgumentException(
					"policy level '" + name + "' does not exist; use one of " + String.join(", ", LEVEL_NAMES));
		}
		return level;
	}

	/**
	 * All policy levels, strictest first.
	 * @return an immutable list of levels
	 */
	public static List<PolicyLevel> levels() {
		return Levels.ALL;
	}

	private static <T> T read(String resource, Class<T> type) {
		try (InputStream in = SecurityProfiles.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("resource " + resource + " is missing from the security-profiles jar "
						+ "next to " + SecurityProfiles.class.getName() + "; rebuild the module");
			}
			return MAPPER.readValue(in, type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read resource " + resource, ex);
		}
	}

	// Holder classes: the JVM initializes each one once, on first use, without locking
	// on later calls.
	private static final class DefaultSeccomp {

		static final SeccompProfile PROFILE = read("seccomp-default.json", SeccompProfile.class);

	}

	private static final class ProtectedPaths {

		static final PathsResource PATHS = read("paths.json", PathsResource.class);

	}

	private static final class Levels {

		static final List<PolicyLevel> ALL = LEVEL_NAMES.stream()
			.map((name) -> read("levels/" + name + ".json", PolicyLevel.class))
			.toList();

		static final Map<String, PolicyLevel> BY_NAME = ALL.stream()
			.collect(Collectors.toUnmodifiableMap(PolicyLevel::name, Function.identity()));

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record PathsResource(List<String> maskedPaths, List<String> readonlyPaths) {

		PathsResource {
			maskedPaths = List.copyOf(maskedPaths);
			readonlyPaths = List.copyOf(readonlyPaths);
		}

	}

}
