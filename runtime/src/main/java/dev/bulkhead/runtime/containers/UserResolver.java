package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Turns a user specification ({@code uid}, {@code uid:gid}, {@code name} or
 * {@code name:group}) into numeric ids, reading names from the image's own /etc/passwd
 * and /etc/group. Those files are read without following symlinks, so an image cannot
 * point the server at a host file.
 */
final class UserResolver {

	static final long NOBODY = 65534;

	private static final Pattern NUMBER = Pattern.compile("[0-9]{1,10}");

	/** Numeric ids of a user specification. */
	record Ids(long uid, long gid) {

		boolean isRoot() {
			return this.uid == 0;
		}

	}

	/** True when the specification names uid 0 without needing to look anything up. */
	static boolean namesRoot(String spec) {
		if (spec == null || spec.isBlank()) {
			return false;
		}
		String user = spec.split(":", 2)[0];
		return user.equals("root") || user.equals("0");
	}

	/** Resolves a specification, where {@code rootfs} is the container's mounted root. */
	Ids resolve(String spec, Path rootfs) {
		String[] parts = spec.split(":", 2);
		String user = parts[0];
		long uid;
		Long primaryGid = null;
		if (NUMBER.matcher(user).matches()) {
			uid = Long.parseLong(user);
			Optional<String[]> entry = findEntry(rootfs, "passwd", 2, user);
			if (entry.isPresent()) {
				primaryGid = Long.parseLong(entry.get()[3]);
			}
		}
		else {
			String[] entry = findEntry(rootfs, "passwd", 0, user).orElseThrow(() -> new InvalidArgumentException(
					"user '" + user + "' is not in the image's /etc/passwd; give a numeric uid[:gid] instead"));
			uid = Long.parseLong(entry[2]);
			primaryGid = Long.parseLong(entry[3]);
		}
		long gid;
		if (parts.length == 2) {
			String group = parts[1];
			if (NUMBER.matcher(group).matches()) {
				gid = Long.parseLong(group);
			}
			else {
				gid = Long
					.parseLong(findEntry(rootfs, "group", 0, group).orElseThrow(() -> new InvalidArgumentException(
							"group '" + group + "' is not in the image's /etc/group; give a numeric gid instead"))[2]);
			}
		}
		else {
			gid = (primaryGid != null) ? primaryGid : uid;
		}
		return new Ids(uid, gid);
	}

	private static Optional<String[]> findEntry(Path rootfs, String file, int column, String value) {
		Path etc = rootfs.resolve("etc");
		Path path = etc.resolve(file);
		if (!Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS)
				|| !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
			return Optional.empty();
		}
		try {
			List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
			int minColumns = file.equals("passwd") ? 4 : 3;
			for (String line : lines) {
				String[] fields = line.split(":", -1);
				if (fields.length >= minColumns && fields[column].equals(value) && NUMBER.matcher(fields[2]).matches()
						&& (minColumns == 3 || NUMBER.matcher(fields[3]).matches())) {
					return Optional.of(fields);
				}
			}
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the image's /etc/" + file, ex);
		}
	}

}
