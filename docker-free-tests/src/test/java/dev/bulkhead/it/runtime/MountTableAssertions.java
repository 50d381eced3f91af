package dev.bulkhead.it.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.bulkhead.runtime.snapshots.MountInfo;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks on the kernel's mount table, and clean-up of test directories. */
final class MountTableAssertions {

	private MountTableAssertions() {
	}

	static List<Path> mountsUnder(Path dir) {
		return MountInfo.read(Path.of("/proc/self/mountinfo"))
			.stream()
			.map(MountInfo::mountPoint)
			.filter((mountPoint) -> mountPoint.startsWith(dir))
			.toList();
	}

	static void assertNothingMountedUnder(Path dir) {
		assertThat(mountsUnder(dir)).as("mounts left under %s", dir).isEmpty();
	}

	static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
