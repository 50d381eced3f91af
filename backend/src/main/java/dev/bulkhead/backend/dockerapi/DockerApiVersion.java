package dev.bulkhead.backend.dockerapi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * The Docker API versions Bulkhead answers: clients negotiate down from their own version
 * to {@link #CURRENT} (advertised on {@code /_ping} and {@code /version}); a client older
 * than {@link #MINIMUM} is refused, as dockerd refuses it.
 */
record DockerApiVersion(int major, int minor) implements Comparable<DockerApiVersion> {

	/** The version Bulkhead speaks; the shapes it answers follow this version. */
	static final DockerApiVersion CURRENT = new DockerApiVersion(1, 45);

	/**
	 * The oldest version accepted. The shapes Bulkhead returns are those of
	 * {@link #CURRENT}; fields older clients do not know are ignored by them.
	 */
	static final DockerApiVersion MINIMUM = new DockerApiVersion(1, 24);

	/** The path pattern of Docker API controllers ({@code /v1.45}). */
	static final String PREFIX = "/{apiVersion:v[0-9]+\\.[0-9]+}";

	private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+)\\.(\\d+)(/.*)?$");

	static DockerApiVersion parse(String text) {
		Matcher matcher = Pattern.compile("v?(\\d{1,4})\\.(\\d{1,4})").matcher(text);
		if (!matcher.matches()) {
			throw new InvalidArgumentException("'" + text + "' is not a Docker API version such as 1.45");
		}
		return new DockerApiVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
	}

	/**
	 * The version named at the start of a path such as {@code /v1.44/containers/json}.
	 */
	static DockerApiVersion ofPath(String path) {
		Matcher matcher = VERSIONED.matcher(path);
		return matcher.matches()
				? new DockerApiVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))) : null;
	}

	/** Why a client of this version is refused, or null when it is served. */
	String refusal() {
		if (compareTo(MINIMUM) < 0) {
			return "client version " + this + " is too old. Minimum supported API version is " + MINIMUM
					+ ", please upgrade your client to a newer version";
		}
		if (compareTo(CURRENT) > 0) {
			return "client version " + this + " is too new. Maximum supported API version is " + CURRENT;
		}
		return null;
	}

	@Override
	public int compareTo(DockerApiVersion other) {
		return (this.major != other.major) ? Integer.compare(this.major, other.major)
				: Integer.compare(this.minor, other.minor);
	}

	@Override
	public String toString() {
		return this.major + "." + this.minor;
	}

}
