package dev.bulkhead.runtime.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * User names from a container's own {@code /etc/passwd}, read without following symbolic
 * links so that an image cannot point the server at a host file.
 */
public final class UserNames {

	private UserNames() {
	}

	/** Names by uid; a uid not listed (or no readable passwd file) maps to null. */
	public static LongFunction<String> of(Path rootfs) {
		Map<Long, String> names = new HashMap<>();
		Path etc = rootfs.resolve("etc");
		Path passwd = etc.resolve("passwd");
		if (Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS)
				&& Files.isRegularFile(passwd, LinkOption.NOFOLLOW_LINKS)) {
			try {
				for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
					String[] fields = line.split(":");
					if (fields.length >= 3) {
						CgroupFiles.parse(fields[2]).ifPresent((uid) -> names.putIfAbsent(uid, fields[0]));
					}
				}
			}
			catch (IOException ex) {
				// no names then: uids are shown as numbers
			}
		}
		return names::get;
	}

}
